package de.deutschlandstack.core.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A tenant of the platform, as the registry ({@link TenantRegistry}) keeps it. Like the user store it is read before
 * any tenant is bound (to decide whether a caller's tenant may work at all), so it is not tenant-scoped itself; it is
 * never exposed over OData.
 */
@Entity
@Table(name = "platform_tenant")
public class PlatformTenant {

    @Id
    @Column(name = "tenant", length = 64)
    private String tenant;

    /** The tenant's name for people; cleared when it is offboarded (it may name a person, e.g. a sole trader). */
    @Column(name = "display_name", length = 200)
    private String displayName;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private TenantStatus status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "status_changed_at", nullable = false)
    private Instant statusChangedAt;

    /** The erasers that have finished for this tenant while it is offboarded, comma-separated. */
    @Column(name = "erased_by", length = 1000)
    private String erasedBy;

    @Column(name = "requests_per_minute")
    private Integer requestsPerMinute;

    @Column(name = "user_requests_per_minute")
    private Integer userRequestsPerMinute;

    @Column(name = "concurrent_requests")
    private Integer concurrentRequests;

    protected PlatformTenant() {
    }

    PlatformTenant(String tenant, String displayName, Instant now) {
        this.tenant = tenant;
        this.displayName = displayName;
        this.status = TenantStatus.ACTIVE;
        this.createdAt = now;
        this.statusChangedAt = now;
    }

    public String getTenant() {
        return tenant;
    }

    public String getDisplayName() {
        return displayName;
    }

    public TenantStatus getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStatusChangedAt() {
        return statusChangedAt;
    }

    public Set<String> getErasedBy() {
        Set<String> result = new LinkedHashSet<>();
        if (erasedBy != null) {
            Arrays.stream(erasedBy.split(",")).filter(s -> !s.isBlank()).forEach(result::add);
        }
        return result;
    }

    /** Requests per minute for all the tenant's users together; null: the platform's default. */
    public Integer getRequestsPerMinute() {
        return requestsPerMinute;
    }

    /** Requests per minute for each of the tenant's users; null: the platform's default. */
    public Integer getUserRequestsPerMinute() {
        return userRequestsPerMinute;
    }

    public Integer getConcurrentRequests() {
        return concurrentRequests;
    }

    void limit(Integer requestsPerMinute, Integer userRequestsPerMinute, Integer concurrentRequests) {
        this.requestsPerMinute = requestsPerMinute;
        this.userRequestsPerMinute = userRequestsPerMinute;
        this.concurrentRequests = concurrentRequests;
    }

    void changeStatus(TenantStatus status, Instant now) {
        this.status = status;
        this.statusChangedAt = now;
    }

    void erasedBy(String eraser) {
        Set<String> done = getErasedBy();
        done.add(eraser);
        this.erasedBy = String.join(",", done);
    }

    /** What stays of an offboarded tenant: its id, its dates and its status. */
    void toTombstone(Instant now) {
        this.displayName = null;
        this.erasedBy = null;
        changeStatus(TenantStatus.OFFBOARDED, now);
    }
}
