package de.deutschlandstack.core.odata.testmodel;

import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.security.PlatformRoles;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

import java.util.ArrayList;
import java.util.List;

@Entity
@Table(name = "test_customer")
@ODataEntitySet(service = "test", name = "Customers",
        read = {PlatformRoles.BUSINESS_USER, PlatformRoles.TENANT_ADMIN})
public class Customer extends TenantScopedEntity {
    @Id
    @GeneratedValue
    private Long id;

    @Column(nullable = false, length = 80)
    private String name;

    @Column(length = 40)
    private String city;

    @OneToMany(mappedBy = "customer")
    private List<Order> orders = new ArrayList<>();

    protected Customer() {
    }

    public Customer(String name, String city) {
        this.name = name;
        this.city = city;
    }

    public Long getId() {
        return id;
    }
}
