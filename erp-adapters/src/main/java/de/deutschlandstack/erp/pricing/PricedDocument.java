package de.deutschlandstack.erp.pricing;

import de.deutschlandstack.core.odata.model.Computed;
import de.deutschlandstack.core.tenancy.CodeList;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import de.deutschlandstack.erp.codelists.Currency;
import de.deutschlandstack.erp.codelists.TaxCode;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A commercial document with priced items (an order, an invoice): its currency and the totals the platform
 * computes from the items. Clients never write totals; they are recomputed whenever an item changes
 * ({@link DocumentTotals}).
 *
 * <p>VAT is computed per document and tax code, as German invoices state it per rate (§ 14 Abs. 4 Nr. 8 UStG): the
 * items' net amounts are summed per tax code and rate, each sum's tax is rounded half-up to cents, and the tax
 * amounts are added. Posting uses the same lines, so the journal entry balances to the cent.
 */
@MappedSuperclass
public abstract class PricedDocument extends TenantScopedEntity {

    /** ISO 4217; every amount of the document and its items is in this currency. */
    @NotNull
    @Pattern(regexp = "[A-Z]{3}")
    @CodeList(Currency.class)
    @Column(name = "currency", nullable = false, length = 3)
    private String currency = "EUR";

    /** The sum of the items' net amounts. */
    @Computed
    @NotNull
    @Column(name = "net_amount", nullable = false, precision = 15, scale = 2)
    private BigDecimal netAmount = BigDecimal.ZERO;

    /** VAT: per rate, the rate applied to the items' net sum at that rate, rounded to cents. */
    @Computed
    @NotNull
    @Column(name = "tax_amount", nullable = false, precision = 15, scale = 2)
    private BigDecimal taxAmount = BigDecimal.ZERO;

    /** Net plus tax: what the customer pays. */
    @Computed
    @NotNull
    @Column(name = "gross_amount", nullable = false, precision = 15, scale = 2)
    private BigDecimal grossAmount = BigDecimal.ZERO;

    /** What a message calls the document: {@code Invoice RE-2026-000042}. */
    public abstract String describe();

    /** The document's status, by name. */
    public abstract String statusName();

    /**
     * Whether the document may still change: its items, its partner, its dates. Only a document in its first status
     * can (an open order, a draft invoice); afterwards it changes through its actions alone.
     */
    public abstract boolean isEditable();

    /** The VAT direction of the document's tax codes: sales documents carry output tax, purchases input tax. */
    public abstract TaxCode.Direction taxDirection();

    public String getCurrency() {
        return currency;
    }

    public BigDecimal getNetAmount() {
        return netAmount;
    }

    public BigDecimal getTaxAmount() {
        return taxAmount;
    }

    public BigDecimal getGrossAmount() {
        return grossAmount;
    }

    protected void setCurrency(String currency) {
        this.currency = currency;
    }

    /** Sets the totals to what these items, all of this document, add up to. */
    public void totalFrom(Collection<? extends PricedItem> items) {
        BigDecimal net = BigDecimal.ZERO.setScale(2);
        BigDecimal tax = BigDecimal.ZERO.setScale(2);
        for (TaxLine line : taxLines(items)) {
            net = net.add(line.net());
            tax = tax.add(line.tax());
        }
        this.netAmount = net;
        this.taxAmount = tax;
        this.grossAmount = net.add(tax);
    }

    /** The items' net amounts and tax per tax code and rate: the lines of the invoice's VAT breakdown and of its posting. */
    public static java.util.List<TaxLine> taxLines(Collection<? extends PricedItem> items) {
        Map<String, BigDecimal> netByCode = new TreeMap<>();
        Map<String, BigDecimal> rateByCode = new TreeMap<>();
        for (PricedItem item : items) {
            if (item.getNetAmount() != null && item.getTaxRate() != null) {
                String key = item.getTaxCode() + "@" + item.getTaxRate().stripTrailingZeros().toPlainString();
                netByCode.merge(key, item.getNetAmount(), BigDecimal::add);
                rateByCode.put(key, item.getTaxRate());
            }
        }
        return netByCode.entrySet().stream()
                .map(e -> new TaxLine(e.getKey().substring(0, e.getKey().indexOf('@')), rateByCode.get(e.getKey()),
                        e.getValue(), taxOn(e.getValue(), rateByCode.get(e.getKey()))))
                .toList();
    }

    /** The net sum of a document's items under one tax code and rate, and the tax on it. */
    public record TaxLine(String taxCode, BigDecimal rate, BigDecimal net, BigDecimal tax) {
    }

    /** The tax on a net amount at a rate in percent, rounded half-up to cents. */
    public static BigDecimal taxOn(BigDecimal net, BigDecimal ratePercent) {
        return net.multiply(ratePercent).movePointLeft(2).setScale(2, RoundingMode.HALF_UP);
    }
}
