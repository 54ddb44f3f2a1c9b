package de.deutschlandstack.erp.sales;

import de.deutschlandstack.core.odata.model.ODataEntitySet;
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
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

import java.math.BigDecimal;

/** One line of a sales order: a quantity of a product at a unit price. */
@Entity
@Table(name = "sales_order_item",
        indexes = {
                @Index(name = "ix_sales_order_item_order", columnList = "order_id, item_number"),
                @Index(name = "ix_sales_order_item_product", columnList = "product_id")
        })
@ODataEntitySet(service = "erp", name = "SalesOrderItems")
public class SalesOrderItem extends PricedItem {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sales_order_item_seq")
    @SequenceGenerator(name = "sales_order_item_seq", sequenceName = "sales_order_item_seq", allocationSize = 50)
    private Long id;

    @NotNull
    /** Deleting an order deletes its items, in the database and within the order's tenant only. */
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "order_id", nullable = false)
    @OnDelete(action = OnDeleteAction.CASCADE)
    private SalesOrder order;

    @Positive
    @Column(name = "item_number", nullable = false)
    private int itemNumber;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "product_id", nullable = false)
    private Product product;

    protected SalesOrderItem() {
    }

    SalesOrderItem(SalesOrder order, int itemNumber, Product product, BigDecimal quantity, BigDecimal unitPrice, TaxCode taxCode) {
        super(quantity, unitPrice, taxCode);
        this.order = order;
        this.itemNumber = itemNumber;
        this.product = product;
    }

    public SalesOrder getOrder() {
        return order;
    }

    public Product getProduct() {
        return product;
    }

    public int getItemNumber() {
        return itemNumber;
    }

    @Override
    public PricedDocument document() {
        return order;
    }

    @Override
    public String defaultTaxCode() {
        return product == null ? null : product.getSalesTaxCode();
    }

    @Override
    public String defaultPriceCurrency() {
        return product == null ? null : product.getCurrency();
    }

    @Override
    public BigDecimal defaultUnitPrice() {
        return product == null ? null : product.getUnitPrice();
    }
}
