package de.deutschlandstack.core.odata.model;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The OData model is derived from the JPA mapping alone. */
class ServiceModelsTest {

    private static EntityManagerFactory emf;
    private static ServiceModel service;

    @BeforeAll
    static void derive() {
        emf = Persistence.createEntityManagerFactory("query-test");
        service = ServiceModels.from(emf.getMetamodel()).service("test").orElseThrow();
    }

    @AfterAll
    static void close() {
        emf.close();
    }

    @Test
    void annotatedEntitiesBecomeEntitySetsWithPascalCaseProperties() {
        assertThat(service.entitySets()).extracting(EntitySetModel::name).containsExactly("Customers", "Orders", "OrderLines");
        EntitySetModel orders = service.entitySet("Orders").orElseThrow();
        assertThat(orders.key().name()).isEqualTo("ID");
        assertThat(orders.properties()).extracting(PropertyModel::name)
                .containsExactly("ID", "Number", "Amount", "OrderDate", "Status");
        assertThat(orders.property("Amount").orElseThrow()).satisfies(p -> {
            assertThat(p.edmType()).isEqualTo("Decimal");
            assertThat(p.precision()).isEqualTo(15);
            assertThat(p.scale()).isEqualTo(2);
            assertThat(p.nullable()).isFalse();
        });
        assertThat(orders.property("Status").orElseThrow().edmType()).isEqualTo("String");
        assertThat(orders.property("OrderDate").orElseThrow().edmType()).isEqualTo("Date");
    }

    @Test
    void tenantAndVersionAreNeverProperties() {
        for (EntitySetModel set : service.entitySets()) {
            assertThat(set.properties()).extracting(PropertyModel::attribute).doesNotContain("tenant", "version");
        }
    }

    @Test
    void associationsBecomeNavigationWithPartners() {
        EntitySetModel orders = service.entitySet("Orders").orElseThrow();
        assertThat(orders.navigation("Customer").orElseThrow().collection()).isFalse();
        assertThat(orders.navigation("Lines").orElseThrow()).satisfies(n -> {
            assertThat(n.collection()).isTrue();
            assertThat(n.partner()).isEqualTo("Order");
        });
        assertThat(service.entitySet("OrderLines").orElseThrow().navigation("Order").orElseThrow().partner()).isEqualTo("Lines");
    }
}
