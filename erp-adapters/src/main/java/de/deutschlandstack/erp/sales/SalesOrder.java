package de.deutschlandstack.erp.sales;

import de.deutschlandstack.core.privacy.RetainedFor;
import de.deutschlandstack.core.odata.model.Computed;
import de.deutschlandstack.core.odata.model.ODataAction;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.odata.model.ODataParameter;
import de.deutschlandstack.erp.invoicing.Invoice;
import de.deutschlandstack.erp.invoicing.Invoicing;
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
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.CreationTimestamp;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A customer's order: who ordered, when, in which state, and its items. */
@Entity
@Table(name = "sales_order",
        uniqueConstraints = @UniqueConstraint(name = "uk_sales_order_number", columnNames = {"tenant", "order_number"}),
        indexes = {
                @Index(name = "ix_sales_order_date", columnList = "tenant, order_date"),
                @Index(name = "ix_sales_order_status_date", columnList = "tenant, status, order_date"),
                @Index(name = "ix_sales_order_customer", columnList = "customer_id")
        })
@RetainedFor(years = 6, law = "§ 147 Abs. 1 Nr. 2, 3, Abs. 3 AO; § 257 Abs. 1 Nr. 2, 3 HGB (Handelsbriefe)")
@ODataEntitySet(service = "erp", name = "SalesOrders")
public class SalesOrder extends PricedDocument {

    public enum Status {
        OPEN, RELEASED, SHIPPED, INVOICED, CANCELLED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sales_order_seq")
    @SequenceGenerator(name = "sales_order_seq", sequenceName = "sales_order_seq", allocationSize = 50)
    private Long id;

    @NotBlank
    @Size(max = 20)
    @Column(name = "order_number", nullable = false, length = 20)
    @Searchable
    private String orderNumber;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id", nullable = false)
    private BusinessPartner customer;

    @NotNull
    @Column(name = "order_date", nullable = false)
    private LocalDate orderDate;

    /** Changed by the order's actions (release, cancel, invoice), never written directly. */
    @Computed
    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.OPEN;

    @Size(max = 500)
    @Column(name = "note", length = 500)
    @Searchable
    private String note;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    // Persisting an order persists its new items; deleting it is the database's cascade (SalesOrderItem.order),
    // which stays within the order's tenant, where Hibernate's collection loading would not.
    @OneToMany(mappedBy = "order", cascade = CascadeType.PERSIST)
    @OrderBy("itemNumber")
    private List<SalesOrderItem> items = new ArrayList<>();

    protected SalesOrder() {
    }

    public SalesOrder(String orderNumber, BusinessPartner customer, LocalDate orderDate) {
        this.orderNumber = orderNumber;
        this.customer = customer;
        this.orderDate = orderDate;
    }

    public Long getId() {
        return id;
    }

    public String getOrderNumber() {
        return orderNumber;
    }

    public BusinessPartner getCustomer() {
        return customer;
    }

    public Status getStatus() {
        return status;
    }

    public List<SalesOrderItem> getItems() {
        return List.copyOf(items);
    }

    /** Adds an item at the product's list price and keeps the totals in step. */
    public SalesOrderItem addItem(Product product, BigDecimal quantity, TaxCode taxCode) {
        SalesOrderItem item = new SalesOrderItem(this, (items.size() + 1) * 10, product, quantity, product.getUnitPrice(), taxCode);
        items.add(item);
        totalFrom(items);
        return item;
    }

    public LocalDate getOrderDate() {
        return orderDate;
    }

    public void moveTo(Status status) {
        this.status = status;
    }

    /** Releases the order for delivery and invoicing; from now on it changes only through its actions. */
    @ODataAction
    public SalesOrder release() {
        if (status != Status.OPEN) {
            throw new StatusConflict(describe(), status.name(), "only an OPEN order can be released");
        }
        if (items.isEmpty()) {
            throw new BusinessRuleViolation("EmptyOrder", describe() + " has no items; an order without items cannot be released");
        }
        status = Status.RELEASED;
        return this;
    }

    /** Cancels the order, unless it has been invoiced. */
    @ODataAction
    public SalesOrder cancel() {
        if (status != Status.OPEN && status != Status.RELEASED) {
            throw new StatusConflict(describe(), status.name(), "only an OPEN or RELEASED order can be cancelled");
        }
        status = Status.CANCELLED;
        return this;
    }

    /** Creates the draft invoice for the released order, dated {@code InvoiceDate} (today if not given). */
    @ODataAction
    public Invoice createInvoice(@ODataParameter("InvoiceDate") LocalDate invoiceDate, Invoicing invoicing) {
        return invoicing.invoiceFor(this, invoiceDate != null ? invoiceDate : LocalDate.now());
    }

    /** Its draft invoice was deleted: the order can be invoiced again. */
    public void invoiceWithdrawn() {
        if (status == Status.INVOICED) {
            status = Status.RELEASED;
        }
    }

    /** Marks the order as invoiced; the invoice is created by {@code Invoicing}. */
    public void invoiced() {
        if (status != Status.RELEASED && status != Status.SHIPPED) {
            throw new StatusConflict(describe(), status.name(), "only a RELEASED or SHIPPED order can be invoiced");
        }
        status = Status.INVOICED;
    }

    @Override
    public String describe() {
        return "Sales order " + orderNumber;
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
        return TaxCode.Direction.OUTPUT;
    }
}
