package de.deutschlandstack.erp.schema;

import de.deutschlandstack.core.security.PlatformUser;
import de.deutschlandstack.core.tenancy.PlatformTenantResolver;
import de.deutschlandstack.erp.codelists.Currency;
import jakarta.persistence.Entity;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The platform's persistence unit outside the server: every entity of this module and of platform-core, on plain
 * Hibernate with its integrators (tenant-scoped keys, schema migrations) discovered as in the server.
 */
public final class ErpPersistence {

    /** The migration locations the server's persistence unit names. */
    public static final String MIGRATIONS = "classpath:db/migration/core,classpath:db/migration/erp";

    private ErpPersistence() {
    }

    public static SessionFactory start(String url, Map<String, String> settings) {
        // A data source, as in the server: the schema migrations run on it.
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        Configuration configuration = new Configuration();
        configuration.getProperties().put("hibernate.connection.datasource", dataSource);
        configuration
                .setProperty("hibernate.tenant_identifier_resolver", PlatformTenantResolver.class.getName())
                .setProperty("jakarta.persistence.validation.mode", "none");
        settings.forEach(configuration::setProperty);
        configuration.addAnnotatedClass(PlatformUser.class);
        configuration.addAnnotatedClass(de.deutschlandstack.core.tenancy.PlatformTenant.class);
        configuration.addAnnotatedClass(de.deutschlandstack.core.security.SigningKey.class);
        configuration.addAnnotatedClass(de.deutschlandstack.core.audit.AuditRecord.class);
        configuration.addAnnotatedClass(de.deutschlandstack.core.audit.AuditChain.class);
        entityClasses().forEach(configuration::addAnnotatedClass);
        return configuration.buildSessionFactory();
    }

    /** The entity classes of this module, found in its compiled classes. */
    static List<Class<?>> entityClasses() {
        try {
            Path root = Path.of(Currency.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                        .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                        .map(ErpPersistence::load)
                        .filter(c -> c.isAnnotationPresent(Entity.class))
                        .<Class<?>>map(c -> c)
                        .sorted(java.util.Comparator.comparing(Class::getName))
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
