package de.deutschlandstack.ai.training;

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

import java.time.Instant;

/** One training run of a built-in AI service for a tenant: where it stands, what data it used, what it made. */
@Entity
@Table(name = "ai_training_job")
public class TrainingJob extends TenantScopedEntity {

    public enum Status { QUEUED, RUNNING, SUCCEEDED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ai_training_job_seq")
    @SequenceGenerator(name = "ai_training_job_seq", sequenceName = "ai_training_job_seq", allocationSize = 50)
    private Long id;

    @Column(name = "service", nullable = false, length = 64, updatable = false)
    private String service;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.QUEUED;

    @Column(name = "progress", nullable = false)
    private int progress;

    @Column(name = "message", length = 1000)
    private String message;

    /** The lake version asked for; null: the lake as it is when the job reads it. */
    @Column(name = "lake_version", length = 32, updatable = false)
    private String lakeVersion;

    @Column(name = "trained_on", length = 4000)
    private String trainedOn;

    @Column(name = "evaluation", length = 4000)
    private String evaluation;

    @Column(name = "model_version", length = 32)
    private String modelVersion;

    @Column(name = "requested_by", nullable = false, length = 128, updatable = false)
    private String requestedBy;

    @Column(name = "requested_at", nullable = false, updatable = false)
    private Instant requestedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected TrainingJob() {
    }

    public TrainingJob(String service, String lakeVersion, String requestedBy) {
        this.service = service;
        this.lakeVersion = lakeVersion;
        this.requestedBy = requestedBy;
        this.requestedAt = Instant.now();
    }

    void started() {
        status = Status.RUNNING;
        startedAt = Instant.now();
        message = "Reading the training data from the lake";
    }

    void progressed(int percent, String what) {
        progress = Math.max(progress, Math.min(99, percent));
        message = what;
    }

    void succeeded(String modelVersion, String trainedOn, String evaluation) {
        status = Status.SUCCEEDED;
        progress = 100;
        this.modelVersion = modelVersion;
        this.trainedOn = trainedOn;
        this.evaluation = evaluation;
        message = "Trained; registered as version " + modelVersion;
        finishedAt = Instant.now();
    }

    void failed(String reason) {
        status = Status.FAILED;
        message = reason.length() > 1000 ? reason.substring(0, 997) + "..." : reason;
        finishedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public String getService() {
        return service;
    }

    public Status getStatus() {
        return status;
    }

    public int getProgress() {
        return progress;
    }

    public String getMessage() {
        return message;
    }

    public String getLakeVersion() {
        return lakeVersion;
    }

    public String getTrainedOn() {
        return trainedOn;
    }

    public String getEvaluation() {
        return evaluation;
    }

    public String getModelVersion() {
        return modelVersion;
    }

    public String getRequestedBy() {
        return requestedBy;
    }

    public Instant getRequestedAt() {
        return requestedAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
