package de.deutschlandstack.benchmarks;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Random;

/**
 * Loads benchmark data straight into the platform's PostgreSQL tables (created by the platform on its first
 * start) with COPY: customers and sales orders of tenant bayern-werke, with keys far above the sequences, and
 * products and items for the first {@value #ORDERS_WITH_ITEMS} orders (the {@code $expand=Items} benchmark). The
 * tenant's code lists (EUR, DE, C62, U19, V19) are the platform's, created at its start.
 *
 * <pre>java SalesOrderLoader jdbc:postgresql://127.0.0.1:15433/platform dba "" 1000000</pre>
 * (as the test server's superuser: the platform's own user is confined by row-level security to a bound tenant)
 */
public final class SalesOrderLoader {

    private static final long FIRST_PARTNER_ID = 50_000_000L;
    static final long FIRST_ORDER_ID = 60_000_000L;
    private static final long FIRST_PRODUCT_ID = 70_000_000L;
    private static final long FIRST_ITEM_ID = 80_000_000L;
    /** Orders {@code FIRST_ORDER_ID} up to this many later have 1 to 5 items each; the others have none. */
    static final int ORDERS_WITH_ITEMS = 10_000;
    private static final int PRODUCTS = 200;
    private static final int PARTNERS = 2_000;
    private static final int ROWS_PER_COPY = 50_000;
    private static final String[] STATUSES = {"OPEN", "RELEASED", "SHIPPED", "INVOICED", "CANCELLED"};

    private SalesOrderLoader() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int orders = Integer.parseInt(args[3]);
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, args[1], args[2])) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            Random random = new Random(42);
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < PARTNERS; i++) {
                rows.append(FIRST_PARTNER_ID + i).append(",Nürnberg,DE,2026-01-01 00:00:00+00,bench").append(i)
                        .append("@bayern-werke.example,Benchmark Kunde ").append(i).append(",BM-").append(100000 + i)
                        .append(",90402,CUSTOMER,").append(BaselineSalesOrderServlet.TENANT).append(",,0,30\n");
            }
            copy.copyIn("COPY business_partner (id, city, country, created_at, email, name, partner_number, postal_code,"
                    + " role, tenant, vat_id, version, payment_terms_days) FROM STDIN WITH (FORMAT csv)", new StringReader(rows.toString()));
            rows.setLength(0);
            for (int i = 0; i < PRODUCTS; i++) {
                rows.append(FIRST_PRODUCT_ID + i).append(',').append(BaselineSalesOrderServlet.TENANT).append(",0,true,EUR,,")
                        .append("Benchmark Artikel ").append(i).append(",BM-P-").append(i).append(",C62,")
                        .append(1 + i).append(".50,U19,V19\n");
            }
            copy.copyIn("COPY product (id, tenant, version, active, currency, description, name, product_number,"
                    + " unit_of_measure, unit_price, sales_tax_code, purchase_tax_code) FROM STDIN WITH (FORMAT csv)",
                    new StringReader(rows.toString()));

            LocalDate start = LocalDate.of(2020, 1, 1);
            for (int from = 0; from < orders; from += ROWS_PER_COPY) {
                rows.setLength(0);
                for (int i = from; i < Math.min(orders, from + ROWS_PER_COPY); i++) {
                    long cents = 1_000 + random.nextInt(5_000_000);
                    long taxCents = Math.round(cents * 0.19);
                    rows.append(FIRST_ORDER_ID + i).append(",2026-01-01 00:00:00+00,EUR,")
                            .append(FIRST_PARTNER_ID + random.nextInt(PARTNERS)).append(',')
                            .append(amount(cents)).append(",,")
                            .append(start.plusDays(random.nextInt(2_500))).append(",BM-").append(i).append(',')
                            .append(STATUSES[random.nextInt(STATUSES.length)]).append(',')
                            .append(BaselineSalesOrderServlet.TENANT).append(",0,").append(amount(taxCents)).append(',')
                            .append(amount(cents + taxCents)).append('\n');
                }
                copy.copyIn("COPY sales_order (id, created_at, currency, customer_id, net_amount, note, order_date,"
                        + " order_number, status, tenant, version, tax_amount, gross_amount) FROM STDIN WITH (FORMAT csv)",
                        new StringReader(rows.toString()));
            }

            rows.setLength(0);
            long itemId = FIRST_ITEM_ID;
            for (int i = 0; i < Math.min(orders, ORDERS_WITH_ITEMS); i++) {
                for (int item = 1, items = 1 + random.nextInt(5); item <= items; item++) {
                    int product = random.nextInt(PRODUCTS);
                    int quantity = 1 + random.nextInt(20);
                    long unitCents = (1 + product) * 100L + 50;
                    rows.append(itemId++).append(',').append(BaselineSalesOrderServlet.TENANT).append(",0,").append(item)
                            .append(',').append(amount(quantity * unitCents)).append(',').append(quantity).append(',')
                            .append(amount(unitCents)).append(',').append(FIRST_ORDER_ID + i).append(',')
                            .append(FIRST_PRODUCT_ID + product).append(",U19,19.00\n");
                }
            }
            copy.copyIn("COPY sales_order_item (id, tenant, version, item_number, net_amount, quantity, unit_price, order_id,"
                    + " product_id, tax_code, tax_rate) FROM STDIN WITH (FORMAT csv)", new StringReader(rows.toString()));
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE");
            }
        }
        System.out.printf("Loaded %,d sales orders in %.1f s%n", orders, (System.nanoTime() - started) / 1e9);
    }

    private static String amount(long cents) {
        return cents / 100 + "." + String.format("%02d", cents % 100);
    }
}
