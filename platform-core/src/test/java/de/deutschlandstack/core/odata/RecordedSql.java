package de.deutschlandstack.core.odata;

import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records the SQL Hibernate sends (registered as the test persistence unit's statement inspector), and checks
 * what isolation needs from each statement: every tenant-scoped table it names is restricted to the tenant.
 */
public final class RecordedSql implements StatementInspector {

    private static final ThreadLocal<List<String>> STATEMENTS = ThreadLocal.withInitial(ArrayList::new);
    private static final Set<String> TENANT_TABLES = Set.of("test_order", "test_order_line", "test_customer");
    private static final Pattern TABLE_ALIAS = Pattern.compile("(?:from|join)\\s+(\\w+)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

    @Override
    public String inspect(String sql) {
        STATEMENTS.get().add(sql);
        return sql;
    }

    public static void clear() {
        STATEMENTS.get().clear();
    }

    public static List<String> statements() {
        return List.copyOf(STATEMENTS.get());
    }

    /** The aliases of tenant-scoped tables in the statement that no {@code alias.tenant=?} restricts. */
    public static List<String> unrestrictedAliases(String sql) {
        List<String> unrestricted = new ArrayList<>();
        Matcher matcher = TABLE_ALIAS.matcher(sql);
        while (matcher.find()) {
            String table = matcher.group(1).toLowerCase();
            String alias = matcher.group(2);
            if (TENANT_TABLES.contains(table)
                    && !Pattern.compile("\\b" + Pattern.quote(alias) + "\\.tenant\\s*=\\s*\\?").matcher(sql).find()) {
                unrestricted.add(table + " " + alias);
            }
        }
        return unrestricted;
    }
}
