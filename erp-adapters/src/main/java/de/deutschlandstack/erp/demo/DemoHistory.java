package de.deutschlandstack.erp.demo;

import de.deutschlandstack.erp.accounting.CostCenter;
import de.deutschlandstack.erp.accounting.Ledger;
import de.deutschlandstack.erp.invoicing.Invoice;
import de.deutschlandstack.erp.invoicing.Invoicing;
import de.deutschlandstack.erp.partners.BusinessPartner;
import de.deutschlandstack.erp.payments.PaymentClearing;
import de.deutschlandstack.erp.pricing.DocumentPricing;
import de.deutschlandstack.erp.products.Product;
import de.deutschlandstack.erp.purchasing.GoodsReceipts;
import de.deutschlandstack.erp.purchasing.PurchaseOrder;
import de.deutschlandstack.erp.sales.SalesOrder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A year of a demo tenant's business, lived day by day through the platform's own business logic: customers order,
 * orders are released or cancelled, invoiced and posted, and customers pay, some on time, some late, some in two
 * parts, some not yet; the tenant orders from suppliers, receives the goods and pays the supplier's invoice. Every
 * document is numbered, priced and posted as it would be in production, so the ledger balances and the receivables
 * are real open items. One transaction per month.
 */
@ApplicationScoped
public class DemoHistory {

    /** The history runs from the first working day of the year to this day; later events stay in the future. */
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 2);
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 25);

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    Invoicing invoicing;

    @Inject
    Ledger ledger;

    @Inject
    PaymentClearing payments;

    @Inject
    GoodsReceipts goodsReceipts;

    @Inject
    DocumentPricing pricing;

    /** What happens to a document on a later day. */
    sealed interface Event permits Release, Cancel, InvoiceOrder, Pay, Receive, SupplierInvoice {
    }

    record Release(long order) implements Event {
    }

    record Cancel(long order) implements Event {
    }

    record InvoiceOrder(long order, long payer) implements Event {
    }

    /** Pays {@code amount} of the invoice, or whatever is open if {@code amount} is null. */
    record Pay(long invoice, BigDecimal amount) implements Event {
    }

    record Receive(long order) implements Event {
    }

    record SupplierInvoice(long order) implements Event {
    }

    /** The state of one tenant's simulated year between its monthly transactions. */
    static final class Simulation {
        final DemoTenantData.Profile profile;
        final Random random;
        final Map<LocalDate, List<Event>> schedule = new TreeMap<>();
        int salesOrders;
        int purchaseOrders;

        Simulation(DemoTenantData.Profile profile, Random random) {
            this.profile = profile;
            this.random = random;
        }

        void on(LocalDate day, Event event) {
            if (!day.isAfter(AS_OF)) {
                schedule.computeIfAbsent(day, d -> new ArrayList<>()).add(event);
            }
        }
    }

    /** Lives one month of the tenant's year, in one transaction. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void liveMonth(Simulation simulation, YearMonth month) {
        List<BusinessPartner> partners = em.createQuery("select p from BusinessPartner p order by p.id", BusinessPartner.class)
                .getResultList();
        List<BusinessPartner> customers = partners.stream().filter(p -> p.getRole() != BusinessPartner.Role.SUPPLIER).toList();
        List<BusinessPartner> suppliers = partners.stream().filter(p -> p.getRole() != BusinessPartner.Role.CUSTOMER).toList();
        List<Product> products = em.createQuery("select p from Product p order by p.id", Product.class).getResultList();
        List<CostCenter> costCenters = em.createQuery("select c from CostCenter c order by c.id", CostCenter.class).getResultList();
        for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()) && !day.isAfter(AS_OF); day = day.plusDays(1)) {
            if (day.isBefore(FIRST_DAY)) {
                continue;
            }
            List<Event> due = simulation.schedule.remove(day);
            if (due != null) {
                for (Event event : due) {
                    happen(simulation, event, day);
                }
            }
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            int busy = day.getMonthValue() >= 3 && day.getMonthValue() <= 5 || day.getMonthValue() >= 9 && day.getMonthValue() <= 10 ? 1 : 0;
            int orders = simulation.random.nextInt(3) + busy;
            for (int i = 0; i < orders; i++) {
                int payer = simulation.random.nextInt(customers.size());
                orderFromCustomer(simulation, day, customers.get(payer), payer, products);
            }
            if (simulation.random.nextInt(3) == 0) {
                orderFromSupplier(simulation, day, suppliers.get(simulation.random.nextInt(suppliers.size())), products,
                        costCenters.get(simulation.random.nextInt(costCenters.size())));
            }
        }
    }

    private void orderFromCustomer(Simulation simulation, LocalDate day, BusinessPartner customer, int payer, List<Product> products) {
        Random random = simulation.random;
        SalesOrder order = new SalesOrder(String.format("%s-%06d", simulation.profile.orderPrefix(), ++simulation.salesOrders),
                customer, day);
        int items = 1 + random.nextInt(4);
        for (int i = 0; i < items; i++) {
            Product product = products.get(random.nextInt(products.size()));
            order.addItem(product, BigDecimal.valueOf(1 + random.nextInt(20)), pricing.taxCode(product.getSalesTaxCode()));
        }
        em.persist(order);
        if (random.nextInt(25) == 0) {
            simulation.on(day.plusDays(1 + random.nextInt(5)), new Cancel(order.getId()));
            return;
        }
        // Events of a later day only: today's have already happened.
        LocalDate released = day.plusDays(1 + random.nextInt(3));
        simulation.on(released, new Release(order.getId()));
        simulation.on(released.plusDays(1 + random.nextInt(7)), new InvoiceOrder(order.getId(), payer));
    }

    private void orderFromSupplier(Simulation simulation, LocalDate day, BusinessPartner supplier, List<Product> products,
                                   CostCenter costCenter) {
        Random random = simulation.random;
        PurchaseOrder order = new PurchaseOrder(String.format("PO-%s-%05d", simulation.profile.orderPrefix(),
                ++simulation.purchaseOrders), supplier, day, costCenter);
        int items = 1 + random.nextInt(3);
        for (int i = 0; i < items; i++) {
            Product product = products.get(random.nextInt(products.size()));
            order.addItem(product, BigDecimal.valueOf(5 + random.nextInt(50)), pricing.taxCode(product.getPurchaseTaxCode()));
        }
        em.persist(order);
        order.placeWithSupplier();
        LocalDate received = day.plusDays(2 + random.nextInt(9));
        simulation.on(received, new Receive(order.getId()));
        simulation.on(received.plusDays(random.nextInt(6)), new SupplierInvoice(order.getId()));
    }

    private void happen(Simulation simulation, Event event, LocalDate day) {
        Random random = simulation.random;
        if (event instanceof Release release) {
            em.find(SalesOrder.class, release.order()).release();
        } else if (event instanceof Cancel cancel) {
            em.find(SalesOrder.class, cancel.order()).cancel();
        } else if (event instanceof InvoiceOrder invoiceOrder) {
            Invoice invoice = invoicing.invoiceFor(em.find(SalesOrder.class, invoiceOrder.order()), day);
            ledger.post(invoice);
            schedulePayments(simulation, invoice, payingHabit(invoiceOrder.payer(), random));
        } else if (event instanceof Pay pay) {
            Invoice invoice = em.find(Invoice.class, pay.invoice());
            payments.record(invoice, pay.amount() != null ? pay.amount() : invoice.getOpenAmount(), day, null);
        } else if (event instanceof Receive receive) {
            goodsReceipts.receiveAll(em.find(PurchaseOrder.class, receive.order()));
        } else if (event instanceof SupplierInvoice supplierInvoice) {
            PurchaseOrder order = em.find(PurchaseOrder.class, supplierInvoice.order());
            Invoice invoice = invoicing.supplierInvoiceFor(order, "R" + (100000 + random.nextInt(900000)), day);
            ledger.post(invoice);
            // The tenant pays its suppliers on the due date.
            simulation.on(invoice.getDueDate(), new Pay(invoice.getId(), null));
        }
    }

    /**
     * Days after the due date a customer pays: most pay on time (a few days early or late), some habitually late,
     * one in ten very late (one to four months). Which customer is which follows from its position among the
     * customers, so the habit is stable across invoices.
     */
    private static int payingHabit(long payer, Random random) {
        long habit = payer % 10;
        if (habit < 6) {
            return -5 + random.nextInt(9);
        }
        if (habit < 9) {
            return 5 + random.nextInt(31);
        }
        return 30 + random.nextInt(91);
    }

    private static void schedulePayments(Simulation simulation, Invoice invoice, int daysLate) {
        LocalDate paid = invoice.getDueDate().plusDays(daysLate);
        if (simulation.random.nextInt(10) == 0) {
            BigDecimal half = invoice.getGrossAmount().divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
            simulation.on(paid.minusDays(10 + simulation.random.nextInt(10)), new Pay(invoice.getId(), half));
        }
        simulation.on(paid, new Pay(invoice.getId(), null));
    }
}
