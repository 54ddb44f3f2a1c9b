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
 * start) with COPY: customers and sales orders of tenant bayern-werke, with keys far above the sequences.
 *
 * <pre>java SalesOrderLoader jdbc:postgresql://127.0.0.1:15433/platform platform platform 1000000</pre>
 */
public final class SalesOrderLoader {

    private static final long FIRST_PARTNER_ID = 50_000_000L;
    private static final long FIRST_ORDER_ID = 60_000_000L;
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
                        .append(",90402,CUSTOMER,").append(BaselineSalesOrderServlet.TENANT).append(",,0\n");
            }
            copy.copyIn("COPY business_partner (id, city, country, created_at, email, name, partner_number, postal_code,"
                    + " role, tenant, vat_id, version) FROM STDIN WITH (FORMAT csv)", new StringReader(rows.toString()));

            LocalDate start = LocalDate.of(2020, 1, 1);
            for (int from = 0; from < orders; from += ROWS_PER_COPY) {
                rows.setLength(0);
                for (int i = from; i < Math.min(orders, from + ROWS_PER_COPY); i++) {
                    long cents = 1_000 + random.nextInt(5_000_000);
                    rows.append(FIRST_ORDER_ID + i).append(",2026-01-01 00:00:00+00,EUR,")
                            .append(FIRST_PARTNER_ID + random.nextInt(PARTNERS)).append(',')
                            .append(cents / 100).append('.').append(String.format("%02d", cents % 100)).append(",,")
                            .append(start.plusDays(random.nextInt(2_500))).append(",BM-").append(i).append(',')
                            .append(STATUSES[random.nextInt(STATUSES.length)]).append(',')
                            .append(BaselineSalesOrderServlet.TENANT).append(",0\n");
                }
                copy.copyIn("COPY sales_order (id, created_at, currency, customer_id, net_amount, note, order_date,"
                        + " order_number, status, tenant, version) FROM STDIN WITH (FORMAT csv)", new StringReader(rows.toString()));
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE");
            }
        }
        System.out.printf("Loaded %,d sales orders in %.1f s%n", orders, (System.nanoTime() - started) / 1e9);
    }
}
