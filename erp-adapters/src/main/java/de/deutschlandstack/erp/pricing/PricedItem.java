package de.deutschlandstack.erp.pricing;

import de.deutschlandstack.core.odata.model.Computed;
import de.deutschlandstack.core.tenancy.CodeList;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import de.deutschlandstack.erp.codelists.TaxCode;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One priced line of a {@link PricedDocument}: a quantity at a unit price under a tax code. The net amount is
 * quantity times unit price; the tax rate is copied from the tax code when the item is written with it, so a
 * later change of the rate (as in 2020's temporary 16 %) leaves written documents as they were.
 */
@MappedSuperclass
public abstract class PricedItem extends TenantScopedEntity {

    @NotNull
    @DecimalMin(value = "0", inclusive = false)
    @Column(name = "quantity", nullable = false, precision = 15, scale = 3)
    private BigDecimal quantity;

    /** Taken from the product's list price when the client leaves it out. */
    @NotNull
    @DecimalMin("0.00")
    @Column(name = "unit_price", nullable = false, precision = 15, scale = 2)
    private BigDecimal unitPrice;

    /** Taken from the product when the client leaves it out. */
    @NotNull
    @Size(max = 4)
    @CodeList(TaxCode.class)
    @Column(name = "tax_code", nullable = false, length = 4)
    private String taxCode;

    /** The tax code's rate in percent when the item was written with it. */
    @Computed
    @Column(name = "tax_rate", nullable = false, precision = 5, scale = 2)
    private BigDecimal taxRate;

    /** Quantity times unit price, rounded half-up to cents. */
    @Computed
    @Column(name = "net_amount", nullable = false, precision = 15, scale = 2)
    private BigDecimal netAmount;

    protected PricedItem() {
    }

    protected PricedItem(BigDecimal quantity, BigDecimal unitPrice, TaxCode taxCode) {
        this.quantity = quantity;
        this.unitPrice = unitPrice;
        taxedWith(taxCode);
        computeNetAmount();
    }

    /** The document this item belongs to. */
    public abstract PricedDocument document();

    /** The tax code an item of this kind gets when the client names none (the product's sales or purchase code). */
    public abstract String defaultTaxCode();

    /** The unit price an item of this kind gets when the client names none (the product's price). */
    public abstract BigDecimal defaultUnitPrice();

    /** The currency of {@link #defaultUnitPrice()}: the product's; null when there is no default price. */
    public String defaultPriceCurrency() {
        return null;
    }

    @PrePersist
    @PreUpdate
    void computeNetAmount() {
        if (quantity != null && unitPrice != null) {
            netAmount = quantity.multiply(unitPrice).setScale(2, RoundingMode.HALF_UP);
        }
    }

    public void taxedWith(TaxCode code) {
        taxedAt(code.getCode(), code.getRate());
    }

    protected void taxedAt(String code, BigDecimal rate) {
        this.taxCode = code;
        this.taxRate = rate;
        computeNetAmount();
    }

    void priceDefaultsToList() {
        if (unitPrice == null) {
            unitPrice = defaultUnitPrice();
        }
        computeNetAmount();
    }

    public BigDecimal getQuantity() {
        return quantity;
    }

    public BigDecimal getUnitPrice() {
        return unitPrice;
    }

    public String getTaxCode() {
        return taxCode;
    }

    public BigDecimal getTaxRate() {
        return taxRate;
    }

    public BigDecimal getNetAmount() {
        return netAmount;
    }
}
