package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.odata.model.ServiceModels;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.core.uri.parser.Parser;
import org.hibernate.Session;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The test service "test" on plain Hibernate with in-memory H2: its persistence unit, OData metadata, and the
 * two ways the server opens sessions (reads with Hibernate's tenant filter off, writes with it on).
 */
final class QueryFixture implements AutoCloseable {

    static final OData ODATA = OData.newInstance();

    final EntityManagerFactory emf;
    final ServiceModel service;
    final ServiceMetadata metadata;

    QueryFixture() {
        emf = Persistence.createEntityManagerFactory("query-test");
        service = ServiceModels.from(emf.getMetamodel()).service("test").orElseThrow();
        metadata = ODATA.createServiceMetadata(new JpaEdmProvider(service, 5), JpaEdmProvider.VOCABULARIES);
    }

    /** Work in one transaction as the caller, with Hibernate's tenant filter on (the write path). */
    <T> T write(Caller caller, Function<EntityManager, T> work) {
        return CurrentCaller.runAsUnchecked(caller, () -> inTransaction(work, false));
    }

    /** Work as the caller the way the server reads: Hibernate's tenant filter off, isolation by HqlStatement alone. */
    <T> T read(Caller caller, Function<EntityManager, T> work) {
        return CurrentCaller.runAsUnchecked(caller, () -> inTransaction(work, true));
    }

    private <T> T inTransaction(Function<EntityManager, T> work, boolean filterOff) {
        EntityManager em = emf.createEntityManager();
        try {
            if (filterOff) {
                em.unwrap(Session.class).disableFilter(de.deutschlandstack.core.tenancy.RowLevelSecurity.HIBERNATE_TENANT_FILTER);
            }
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** Native SQL as a platform operator or an import would run it, outside any tenant. */
    void sql(String... statements) {
        CurrentCaller.runAsUnchecked(Caller.system("operator"), () -> inTransaction(em -> {
            for (String statement : statements) {
                em.createNativeQuery(statement).executeUpdate();
            }
            return null;
        }, false));
    }

    UriInfo parse(String path, String query) {
        try {
            // As on the wire: spaces and non-ASCII characters percent-encoded ('&' inside a literal is written %26).
            StringBuilder encoded = new StringBuilder();
            for (byte b : query.getBytes(StandardCharsets.UTF_8)) {
                encoded.append(b == ' ' ? "%20" : b < 0 ? String.format("%%%02X", b & 0xff) : String.valueOf((char) b));
            }
            return new Parser(metadata.getEdm(), ODATA).parseUri(path, encoded.toString(), null, "http://localhost/odata/v4/test");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        emf.close();
    }
}
