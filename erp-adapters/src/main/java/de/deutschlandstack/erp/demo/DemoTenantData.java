package de.deutschlandstack.erp.demo;

import de.deutschlandstack.erp.partners.BusinessPartner;
import de.deutschlandstack.erp.products.Product;
import de.deutschlandstack.erp.sales.SalesOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Business data of one demo tenant, written in one transaction for the tenant bound by the caller.
 * Deterministic (seeded random) so that demos and tests see the same numbers on every machine.
 */
@ApplicationScoped
public class DemoTenantData {

    private static final String[] CITIES = {"München", "Augsburg", "Nürnberg", "Regensburg", "Ingolstadt", "Würzburg",
            "Rosenheim", "Passau", "Landshut", "Erlangen"};
    private static final String[] POSTAL_CODES = {"80331", "86150", "90402", "93047", "85049", "97070", "83022",
            "94032", "84028", "91054"};

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    /** A tenant profile: what kinds of partners and products its demo data holds. */
    public record Profile(String tenant, String orderPrefix, String[] partnerNames, String[] productNames,
                          String[] units, long seed) {
    }

    @Transactional
    public boolean seedIfEmpty(Profile profile) {
        Long existing = em.createQuery("select count(p) from BusinessPartner p", Long.class).getSingleResult();
        if (existing > 0) {
            return false;
        }
        Random random = new Random(profile.seed());
        List<BusinessPartner> partners = new ArrayList<>();
        for (int i = 0; i < profile.partnerNames().length; i++) {
            int city = random.nextInt(CITIES.length);
            BusinessPartner.Role role = i % 5 == 4 ? BusinessPartner.Role.SUPPLIER : BusinessPartner.Role.CUSTOMER;
            BusinessPartner partner = new BusinessPartner(String.format("BP-%05d", 10001 + i), profile.partnerNames()[i], role)
                    .locatedIn(POSTAL_CODES[city], CITIES[city], "DE")
                    .reachableAt("kontakt" + (i + 1) + "@" + profile.tenant() + ".example")
                    .withVatId(String.format("DE%09d", 100000000 + random.nextInt(899999999)));
            em.persist(partner);
            partners.add(partner);
        }
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < profile.productNames().length; i++) {
            BigDecimal price = BigDecimal.valueOf(500 + random.nextInt(250_000), 2);
            Product product = new Product(String.format("P-%04d", 1001 + i), profile.productNames()[i], price,
                    profile.units()[i % profile.units().length])
                    .describedAs(profile.productNames()[i] + " für " + profile.tenant());
            em.persist(product);
            products.add(product);
        }
        SalesOrder.Status[] statuses = SalesOrder.Status.values();
        LocalDate start = LocalDate.of(2026, 1, 5);
        for (int i = 0; i < 40; i++) {
            BusinessPartner customer = partners.get(random.nextInt(partners.size()));
            SalesOrder order = new SalesOrder(String.format("%s-%06d", profile.orderPrefix(), i + 1), customer,
                    start.plusDays(random.nextInt(300)));
            int itemCount = 1 + random.nextInt(4);
            for (int j = 0; j < itemCount; j++) {
                order.addItem(products.get(random.nextInt(products.size())), BigDecimal.valueOf(1 + random.nextInt(20)));
            }
            order.moveTo(statuses[random.nextInt(statuses.length)]);
            em.persist(order);
        }
        return true;
    }
}
