package de.deutschlandstack.core.odata.testmodel;

import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

@Entity
@Table(name = "test_order_line")
@ODataEntitySet(service = "test", name = "OrderLines")
public class OrderLine extends TenantScopedEntity {
    @Id
    @GeneratedValue
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @OnDelete(action = OnDeleteAction.CASCADE)
    private Order order;

    private int quantity;

    protected OrderLine() {
    }

    OrderLine(Order order, int quantity) {
        this.order = order;
        this.quantity = quantity;
    }

    public int getQuantity() {
        return quantity;
    }
}
