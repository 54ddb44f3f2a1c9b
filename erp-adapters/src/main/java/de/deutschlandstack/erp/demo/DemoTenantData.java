package de.deutschlandstack.erp.demo;

import de.deutschlandstack.erp.accounting.CostCenter;
import de.deutschlandstack.erp.partners.Address;
import de.deutschlandstack.erp.partners.BusinessPartner;
import de.deutschlandstack.erp.partners.ContactPerson;
import de.deutschlandstack.erp.products.Product;
import de.deutschlandstack.erp.products.ProductCategory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Master data of one demo tenant (partners with contact persons, products in categories, cost centers), written in
 * one transaction for the tenant bound by the caller. Deterministic (seeded random), so that demos and tests see
 * the same numbers on every machine.
 */
@ApplicationScoped
public class DemoTenantData {

    private static final String[] CITIES = {"München", "Augsburg", "Nürnberg", "Regensburg", "Ingolstadt", "Würzburg",
            "Rosenheim", "Passau", "Landshut", "Erlangen"};
    private static final String[] POSTAL_CODES = {"80331", "86150", "90402", "93047", "85049", "97070", "83022",
            "94032", "84028", "91054"};
    private static final String[] STREETS = {"Hauptstraße", "Bahnhofstraße", "Industriestraße", "Marktplatz",
            "Schillerstraße", "Gewerbering", "Lindenweg", "Am Hafen"};
    private static final String[] FIRST_NAMES = {"Maria", "Thomas", "Sabine", "Michael", "Julia", "Andreas", "Katrin",
            "Stefan", "Monika", "Florian", "Anja", "Tobias"};
    private static final String[] LAST_NAMES = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
            "Becker", "Hofmann", "Huber", "Bauer", "Lang"};
    private static final String[] JOB_TITLES = {"Einkauf", "Buchhaltung", "Geschäftsführung", "Projektleitung"};
    private static final String[][] COST_CENTERS = {{"1000", "Verwaltung"}, {"2000", "Vertrieb"}, {"3000", "Betrieb"},
            {"4000", "IT"}, {"5000", "Einkauf"}};

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    /**
     * A tenant profile: what kinds of partners and products its demo data holds.
     *
     * @param categories product categories; product {@code i} falls into {@code categories[i % length]}
     */
    public record Profile(String tenant, String orderPrefix, String[] partnerNames, String[] productNames,
                          String[] units, String[] categories, long seed) {
    }

    /** Whether the tenant has no business data yet. */
    @Transactional
    public boolean isEmpty() {
        return em.createQuery("select count(p) from BusinessPartner p", Long.class).getSingleResult() == 0;
    }

    /** Writes the tenant's master data, drawing from {@code random}, which the tenant's history then continues. */
    @Transactional
    public void seedMasterData(Profile profile, Random random) {
        List<BusinessPartner> partners = new ArrayList<>();
        for (int i = 0; i < profile.partnerNames().length; i++) {
            int city = random.nextInt(CITIES.length);
            BusinessPartner.Role role = i % 5 == 4 ? BusinessPartner.Role.SUPPLIER
                    : i % 7 == 6 ? BusinessPartner.Role.CUSTOMER_AND_SUPPLIER : BusinessPartner.Role.CUSTOMER;
            BusinessPartner partner = new BusinessPartner(String.format("BP-%05d", 10001 + i), profile.partnerNames()[i], role)
                    .locatedIn(POSTAL_CODES[city], CITIES[city], "DE")
                    .reachableAt("kontakt" + (i + 1) + "@" + profile.tenant() + ".example")
                    .withVatId(String.format("DE%09d", 100000000 + random.nextInt(899999999)))
                    .payingWithin(new int[]{14, 30, 30, 45}[i % 4]);
            if (i % 3 == 0) {
                int deliveryCity = random.nextInt(CITIES.length);
                partner.deliveringTo(new Address(Address.Purpose.DELIVERY, STREETS[random.nextInt(STREETS.length)] + " "
                        + (1 + random.nextInt(120)), POSTAL_CODES[deliveryCity], CITIES[deliveryCity], "DE"));
            }
            em.persist(partner);
            partners.add(partner);
            for (int c = 0; c < 1 + i % 2; c++) {
                String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
                String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
                em.persist(new ContactPerson(partner, first, last, JOB_TITLES[(i + c) % JOB_TITLES.length])
                        .reachableAt(first.toLowerCase() + "." + (i + 1) + "@" + profile.tenant() + ".example",
                                String.format("+49 89 %07d", random.nextInt(9_999_999))));
            }
        }
        // The categories lie under one range ("Sortiment"); the last one under the first, a third level.
        ProductCategory range = new ProductCategory("Sortiment");
        em.persist(range);
        List<ProductCategory> categories = new ArrayList<>();
        for (String name : profile.categories()) {
            ProductCategory category = new ProductCategory(name).under(range);
            em.persist(category);
            categories.add(category);
        }
        if (categories.size() > 2) {
            categories.get(categories.size() - 1).under(categories.get(0));
        }
        for (int i = 0; i < profile.productNames().length; i++) {
            BigDecimal price = BigDecimal.valueOf(500 + random.nextInt(250_000), 2);
            BigDecimal cost = price.multiply(BigDecimal.valueOf(55 + random.nextInt(25), 2)).setScale(2, RoundingMode.HALF_UP);
            boolean reduced = i % 6 == 5;
            em.persist(new Product(String.format("P-%04d", 1001 + i), profile.productNames()[i], price,
                    profile.units()[i % profile.units().length])
                    .describedAs(profile.productNames()[i] + " für " + profile.tenant())
                    .inCategory(categories.get(i % categories.size()))
                    .costingAndTaxed(cost, reduced ? "U7" : "U19", reduced ? "V7" : "V19"));
        }
        for (String[] costCenter : COST_CENTERS) {
            em.persist(new CostCenter(costCenter[0], costCenter[1],
                    FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)]));
        }
    }
}
