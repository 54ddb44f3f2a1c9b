package de.deutschlandstack.erp.invoicing;

import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.erp.codelists.TaxCode;
import de.deutschlandstack.erp.pricing.PricedDocument;
import de.deutschlandstack.erp.pricing.PricedItem;
import de.deutschlandstack.erp.products.Product;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

import java.math.BigDecimal;

/** One line of an invoice: a product or a free text, a quantity, a price, a tax code. */
@Entity
@Table(name = "invoice_item",
        indexes = {
                @Index(name = "ix_invoice_item_invoice", columnList = "invoice_id, item_number"),
                @Index(name = "ix_invoice_item_product", columnList = "product_id")
        })
@ODataEntitySet(service = "erp", name = "InvoiceItems")
public class InvoiceItem extends PricedItem {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "invoice_item_seq")
    @SequenceGenerator(name = "invoice_item_seq", sequenceName = "invoice_item_seq", allocationSize = 50)
    private Long id;

    /** Deleting an invoice deletes its items, in the database and within the invoice's tenant only. */
    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "invoice_id", nullable = false)
    @OnDelete(action = OnDeleteAction.CASCADE)
    private Invoice invoice;

    @Positive
    @Column(name = "item_number", nullable = false)
    private int itemNumber;

    /** The product invoiced, if the line is one. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "product_id")
    private Product product;

    @NotBlank
    @Size(max = 200)
    @Column(name = "description", nullable = false, length = 200)
    @Searchable
    private String description;

    protected InvoiceItem() {
    }

    public InvoiceItem(Invoice invoice, Product product, String description, BigDecimal quantity, BigDecimal unitPrice, TaxCode taxCode) {
        super(quantity, unitPrice, taxCode);
        this.invoice = invoice;
        this.itemNumber = invoice.nextItemNumber();
        this.product = product;
        this.description = description;
    }

    /** Keeps the rate the item had on its order. */
    InvoiceItem atRate(java.math.BigDecimal rate) {
        taxedAt(getTaxCode(), rate);
        return this;
    }

    public Invoice getInvoice() {
        return invoice;
    }

    @Override
    public PricedDocument document() {
        return invoice;
    }

    @Override
    public String defaultTaxCode() {
        if (product == null || invoice == null) {
            return null;
        }
        return invoice.getKind() == Invoice.Kind.CUSTOMER ? product.getSalesTaxCode() : product.getPurchaseTaxCode();
    }

    @Override
    public String defaultPriceCurrency() {
        return product == null ? null : product.getCurrency();
    }

    @Override
    public BigDecimal defaultUnitPrice() {
        if (product == null || invoice == null) {
            return null;
        }
        return invoice.getKind() == Invoice.Kind.CUSTOMER || product.getStandardCost() == null
                ? product.getUnitPrice() : product.getStandardCost();
    }
}
