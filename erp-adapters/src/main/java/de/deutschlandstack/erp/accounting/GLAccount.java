package de.deutschlandstack.erp.accounting;

import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** An account of the tenant's general ledger (chart of accounts SKR03 for the demo tenants). */
@Entity
@Table(name = "gl_account",
        uniqueConstraints = @UniqueConstraint(name = "uk_gl_account_number", columnNames = {"tenant", "account_number"}))
@ODataEntitySet(service = "erp", name = "GLAccounts", write = PlatformRoles.TENANT_ADMIN)
public class GLAccount extends TenantScopedEntity {

    public enum Type {
        ASSET, LIABILITY, EQUITY, REVENUE, EXPENSE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "gl_account_seq")
    @SequenceGenerator(name = "gl_account_seq", sequenceName = "gl_account_seq", allocationSize = 50)
    private Long id;

    @NotBlank
    @Pattern(regexp = "[0-9A-Z]{1,10}")
    @Column(name = "account_number", nullable = false, length = 10, updatable = false)
    @Searchable
    private String accountNumber;

    @NotBlank
    @Size(max = 80)
    @Column(name = "name", nullable = false, length = 80)
    @Searchable
    private String name;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "account_type", nullable = false, length = 16)
    private Type accountType;

    @Column(name = "active", nullable = false)
    private boolean active = true;

    protected GLAccount() {
    }

    public GLAccount(String accountNumber, String name, Type accountType) {
        this.accountNumber = accountNumber;
        this.name = name;
        this.accountType = accountType;
    }

    public Long getId() {
        return id;
    }

    public String getAccountNumber() {
        return accountNumber;
    }
}
