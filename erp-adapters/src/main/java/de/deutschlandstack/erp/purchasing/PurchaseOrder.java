package de.deutschlandstack.erp.purchasing;

import de.deutschlandstack.core.privacy.RetainedFor;
import de.deutschlandstack.core.odata.model.Computed;
import de.deutschlandstack.core.odata.model.ODataAction;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.odata.model.ODataParameter;
import de.deutschlandstack.erp.accounting.CostCenter;
import de.deutschlandstack.core.events.BusinessRuleViolation;
import de.deutschlandstack.core.events.StatusConflict;
import de.deutschlandstack.erp.codelists.TaxCode;
import de.deutschlandstack.erp.partners.BusinessPartner;
import de.deutschlandstack.erp.pricing.PricedDocument;
import de.deutschlandstack.erp.products.Product;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.CreationTimestamp;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** An order the tenant places with a supplier, charged to a cost center; goods receipts record what arrived. */
@Entity
@Table(name = "purchase_order",
        uniqueConstraints = @UniqueConstraint(name = "uk_purchase_order_number", columnNames = {"tenant", "order_number"}),
        indexes = {
                @Index(name = "ix_purchase_order_date", columnList = "tenant, order_date"),
                @Index(name = "ix_purchase_order_supplier", columnList = "supplier_id"),
                @Index(name = "ix_purchase_order_cost_center", columnList = "cost_center_id")
        })
@RetainedFor(years = 6, law = "§ 147 Abs. 1 Nr. 2, 3, Abs. 3 AO; § 257 Abs. 1 Nr. 2, 3 HGB (Handelsbriefe)")
@ODataEntitySet(service = "erp", name = "PurchaseOrders")
public class PurchaseOrder extends PricedDocument {

    public enum Status {
        OPEN, ORDERED, PARTIALLY_RECEIVED, RECEIVED, CANCELLED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "purchase_order_seq")
    @SequenceGenerator(name = "purchase_order_seq", sequenceName = "purchase_order_seq", allocationSize = 50)
    private Long id;

    @NotBlank
    @Size(max = 20)
    @Column(name = "order_number", nullable = false, length = 20)
    @Searchable
    private String orderNumber;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "supplier_id", nullable = false)
    private BusinessPartner supplier;

    @NotNull
    @Column(name = "order_date", nullable = false)
    private LocalDate orderDate;

    @Computed
    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 20)
    private Status status = Status.OPEN;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "cost_center_id")
    private CostCenter costCenter;

    @Size(max = 500)
    @Column(name = "note", length = 500)
    @Searchable
    private String note;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @OneToMany(mappedBy = "order", cascade = CascadeType.PERSIST)
    @OrderBy("itemNumber")
    private List<PurchaseOrderItem> items = new ArrayList<>();

    protected PurchaseOrder() {
    }

    public PurchaseOrder(String orderNumber, BusinessPartner supplier, LocalDate orderDate, CostCenter costCenter) {
        this.orderNumber = orderNumber;
        this.supplier = supplier;
        this.orderDate = orderDate;
        this.costCenter = costCenter;
    }

    /** Adds an item at the product's standard cost and keeps the totals in step. */
    public PurchaseOrderItem addItem(Product product, BigDecimal quantity, TaxCode taxCode) {
        BigDecimal price = product.getStandardCost() != null ? product.getStandardCost() : product.getUnitPrice();
        PurchaseOrderItem item = new PurchaseOrderItem(this, (items.size() + 1) * 10, product, quantity, price, taxCode);
        items.add(item);
        totalFrom(items);
        return item;
    }

    public Long getId() {
        return id;
    }

    public String getOrderNumber() {
        return orderNumber;
    }

    public BusinessPartner getSupplier() {
        return supplier;
    }

    public LocalDate getOrderDate() {
        return orderDate;
    }

    public Status getStatus() {
        return status;
    }

    public CostCenter getCostCenter() {
        return costCenter;
    }

    public List<PurchaseOrderItem> getItems() {
        return List.copyOf(items);
    }

    public void moveTo(Status status) {
        this.status = status;
    }

    /** Sends the order to the supplier; from now on it changes only through its actions. */
    @ODataAction(name = "PlaceOrder")
    public PurchaseOrder placeWithSupplier() {
        if (status != Status.OPEN) {
            throw new StatusConflict(describe(), status.name(), "only an OPEN purchase order can be placed with the supplier");
        }
        if (items.isEmpty()) {
            throw new BusinessRuleViolation("EmptyOrder", describe() + " has no items; an order without items cannot be placed");
        }
        status = Status.ORDERED;
        return this;
    }

    /** Cancels the order, unless goods have arrived. */
    @ODataAction
    public PurchaseOrder cancel() {
        if (status != Status.OPEN && status != Status.ORDERED) {
            throw new StatusConflict(describe(), status.name(), "only an OPEN or ORDERED purchase order can be cancelled");
        }
        status = Status.CANCELLED;
        return this;
    }

    /**
     * Records a goods receipt: {@code Quantity} of item {@code ItemNumber} arrived, or, without them, everything
     * still open on the order.
     */
    @ODataAction
    public PurchaseOrder receiveGoods(@ODataParameter("ItemNumber") Integer itemNumber,
                                      @ODataParameter("Quantity") @Digits(integer = 12, fraction = 3) BigDecimal quantity,
                                      GoodsReceipts receipts) {
        if (itemNumber == null && quantity == null) {
            receipts.receiveAll(this);
        } else {
            receipts.receive(this, itemNumber, quantity);
        }
        return this;
    }

    @Override
    public String describe() {
        return "Purchase order " + orderNumber;
    }

    @Override
    public String statusName() {
        return status.name();
    }

    @Override
    public boolean isEditable() {
        return status == Status.OPEN;
    }

    @Override
    public TaxCode.Direction taxDirection() {
        return TaxCode.Direction.INPUT;
    }
}
