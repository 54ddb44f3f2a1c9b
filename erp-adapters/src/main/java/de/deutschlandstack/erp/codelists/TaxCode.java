package de.deutschlandstack.erp.codelists;

import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.odata.model.ODataKey;
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
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/**
 * A VAT code: its rate, whether it applies to sales (output tax, owed to the tax office) or purchases (input tax,
 * reclaimed), and the general-ledger accounts an invoice with this code posts to. German defaults: {@code U19} and
 * {@code U7} on sales, {@code V19} and {@code V7} on purchases (SKR03 accounts).
 */
@Entity
@Table(name = "tax_code")
@ODataEntitySet(service = "erp", name = "TaxCodes", write = PlatformRoles.TENANT_ADMIN)
public class TaxCode extends TenantScopedEntity {

    public enum Direction {
        OUTPUT, INPUT
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "tax_code_seq")
    @SequenceGenerator(name = "tax_code_seq", sequenceName = "tax_code_seq", allocationSize = 50)
    private Long id;

    @ODataKey
    @Pattern(regexp = "[A-Z0-9]{1,4}")
    @Column(name = "code", nullable = false, length = 4, updatable = false)
    private String code;

    @NotBlank
    @Size(max = 80)
    @Column(name = "description", nullable = false, length = 80)
    @Searchable
    private String description;

    /** Percent, e.g. 19.00. An item keeps the rate its code had when the item was written. */
    @NotNull
    @DecimalMin("0.00")
    @DecimalMax("100.00")
    @Column(name = "rate", nullable = false, precision = 5, scale = 2)
    private BigDecimal rate;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "direction", nullable = false, length = 8)
    private Direction direction;

    /** Where the net amount goes: the revenue account (sales) or the expense account (purchases). */
    @NotBlank
    @Size(max = 10)
    @Column(name = "net_account", nullable = false, length = 10)
    private String netAccount;

    /** Where the tax goes: output VAT owed or input VAT to reclaim. */
    @NotBlank
    @Size(max = 10)
    @Column(name = "tax_account", nullable = false, length = 10)
    private String taxAccount;

    protected TaxCode() {
    }

    public TaxCode(String code, String description, BigDecimal rate, Direction direction, String netAccount, String taxAccount) {
        this.code = code;
        this.description = description;
        this.rate = rate;
        this.direction = direction;
        this.netAccount = netAccount;
        this.taxAccount = taxAccount;
    }

    public String getCode() {
        return code;
    }

    public BigDecimal getRate() {
        return rate;
    }

    public Direction getDirection() {
        return direction;
    }

    public String getNetAccount() {
        return netAccount;
    }

    public String getTaxAccount() {
        return taxAccount;
    }
}
