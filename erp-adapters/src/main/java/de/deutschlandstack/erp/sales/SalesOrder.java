package de.deutschlandstack.erp.sales;

import de.deutschlandstack.core.odata.model.Computed;
import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import de.deutschlandstack.erp.partners.BusinessPartner;
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
import jakarta.validation.constraints.Pattern;
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
@ODataEntitySet(service = "erp", name = "SalesOrders")
public class SalesOrder extends TenantScopedEntity {

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
    private String orderNumber;

    @NotNull
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "customer_id", nullable = false)
    private BusinessPartner customer;

    @NotNull
    @Column(name = "order_date", nullable = false)
    private LocalDate orderDate;

    @NotNull
    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.OPEN;

    @NotNull
    @Pattern(regexp = "[A-Z]{3}")
    @Column(name = "currency", nullable = false, length = 3)
    private String currency = "EUR";

    /** The sum of the items' net amounts. */
    @Computed
    @NotNull
    @Column(name = "net_amount", nullable = false, precision = 15, scale = 2)
    private BigDecimal netAmount = BigDecimal.ZERO;

    @Size(max = 500)
    @Column(name = "note", length = 500)
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

    /** Adds an item at the list price of the product and keeps the order's net amount in step. */
    public SalesOrderItem addItem(de.deutschlandstack.erp.products.Product product, BigDecimal quantity) {
        SalesOrderItem item = new SalesOrderItem(this, (items.size() + 1) * 10, product, quantity, product.getUnitPrice());
        items.add(item);
        netAmount = netAmount.add(item.getNetAmount());
        return item;
    }

    /** Sets the order's net amount to the sum its items add up to (see {@link SalesOrderTotals}). */
    void netAmountIs(BigDecimal sumOfItems) {
        this.netAmount = sumOfItems;
    }

    public BigDecimal getNetAmount() {
        return netAmount;
    }

    public void moveTo(Status status) {
        this.status = status;
    }
}
