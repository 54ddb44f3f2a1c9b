package de.deutschlandstack.ai.registry;

import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/**
 * A registered version of one of a tenant's models: what the registry keeps across restarts and nodes (the files lie
 * in the model store). One version of each model is active: the one a prediction without a version gets. Not exposed
 * over OData; the management API shows it.
 */
@Entity
@Table(name = "ai_model_version",
        uniqueConstraints = @UniqueConstraint(name = "uk_ai_model_version", columnNames = {"tenant", "name", "model_version"}))
public class ModelVersion extends TenantScopedEntity {

    /** Where a version's files came from. */
    public enum Source { UPLOADED, TRAINED, MODULE }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ai_model_version_seq")
    @SequenceGenerator(name = "ai_model_version_seq", sequenceName = "ai_model_version_seq", allocationSize = 50)
    private Long id;

    @Column(name = "name", nullable = false, length = 64, updatable = false)
    private String name;

    @Column(name = "model_version", nullable = false, length = 32, updatable = false)
    private String modelVersion;

    @Column(name = "engine", nullable = false, length = 16, updatable = false)
    private String engine;

    /** The device asked for at registration ({@code cpu}, a GPU index, {@code auto}); null: the model's own. */
    @Column(name = "device", length = 16)
    private String device;

    @Enumerated(EnumType.STRING)
    @Column(name = "source", nullable = false, length = 16, updatable = false)
    private Source source;

    @Column(name = "active", nullable = false)
    private boolean active;

    @Column(name = "min_workers", nullable = false)
    private int minWorkers;

    @Column(name = "max_workers", nullable = false)
    private int maxWorkers;

    @Column(name = "serving_properties", nullable = false, length = 16000, updatable = false)
    private String servingProperties;

    /** The lake data a trained version saw (tables at their Delta versions), as JSON. */
    @Column(name = "trained_on", length = 4000)
    private String trainedOn;

    /** How a trained version scored on its holdout, as JSON. */
    @Column(name = "evaluation", length = 4000)
    private String evaluation;

    @Column(name = "registered_at", nullable = false, updatable = false)
    private Instant registeredAt;

    /** When a data subject's erasure first came after this trained version's training data was read; null: never. */
    @Column(name = "retraining_needed_since")
    private Instant retrainingNeededSince;

    /** Why the version should be trained again (no personal data: what was erased, not whom). */
    @Column(name = "retraining_reason", length = 1000)
    private String retrainingReason;

    @Column(name = "registered_by", nullable = false, length = 128, updatable = false)
    private String registeredBy;

    protected ModelVersion() {
    }

    public ModelVersion(String name, String modelVersion, String engine, String device, Source source, int minWorkers,
                        int maxWorkers, String servingProperties, String registeredBy) {
        this.name = name;
        this.modelVersion = modelVersion;
        this.engine = engine;
        this.device = device;
        this.source = source;
        this.minWorkers = minWorkers;
        this.maxWorkers = maxWorkers;
        this.servingProperties = servingProperties;
        this.registeredAt = Instant.now();
        this.registeredBy = registeredBy;
    }

    public String getName() {
        return name;
    }

    public String getModelVersion() {
        return modelVersion;
    }

    public String getEngine() {
        return engine;
    }

    public String getDevice() {
        return device;
    }

    public Source getSource() {
        return source;
    }

    public boolean isActive() {
        return active;
    }

    void setActive(boolean active) {
        this.active = active;
    }

    public int getMinWorkers() {
        return minWorkers;
    }

    public int getMaxWorkers() {
        return maxWorkers;
    }

    void scale(int min, int max) {
        this.minWorkers = min;
        this.maxWorkers = max;
    }

    public String getServingProperties() {
        return servingProperties;
    }

    public String getTrainedOn() {
        return trainedOn;
    }

    public String getEvaluation() {
        return evaluation;
    }

    void trained(String trainedOn, String evaluation) {
        this.trainedOn = trainedOn;
        this.evaluation = evaluation;
    }

    public Instant getRegisteredAt() {
        return registeredAt;
    }

    public String getRegisteredBy() {
        return registeredBy;
    }

    public Instant getRetrainingNeededSince() {
        return retrainingNeededSince;
    }

    public String getRetrainingReason() {
        return retrainingReason;
    }

    /** Marks the version for retraining; the first erasure's time and reason stay. */
    void needsRetraining(Instant since, String reason) {
        if (retrainingNeededSince == null) {
            retrainingNeededSince = since;
            retrainingReason = reason;
        }
    }
}
