package de.deutschlandstack.core.odata.testmodel;

import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

@Entity
@Table(name = "test_order")
@ODataEntitySet(service = "test", name = "Orders")
public class Order extends TenantScopedEntity {
    public enum Status { OPEN, DONE }

    @Id
    @GeneratedValue
    private Long id;

    @Column(nullable = false, length = 20)
    private String number;

    @Column(nullable = false, precision = 15, scale = 2)
    private BigDecimal amount;

    @Column(nullable = false)
    private LocalDate orderDate;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private Status status;

    @ManyToOne(fetch = FetchType.LAZY)
    private Customer customer;

    @OneToMany(mappedBy = "order", cascade = CascadeType.PERSIST)
    private List<OrderLine> lines = new ArrayList<>();

    protected Order() {
    }

    public Order(String number, BigDecimal amount, LocalDate orderDate, Status status, Customer customer) {
        this.number = number;
        this.amount = amount;
        this.orderDate = orderDate;
        this.status = status;
        this.customer = customer;
    }

    public Order line(int quantity) {
        lines.add(new OrderLine(this, quantity));
        return this;
    }

    public Long getId() {
        return id;
    }

    public String getNumber() {
        return number;
    }
}
