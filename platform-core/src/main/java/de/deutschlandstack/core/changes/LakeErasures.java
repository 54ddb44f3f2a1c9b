package de.deutschlandstack.core.changes;

import de.deutschlandstack.core.privacy.SubjectDataEraser;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.tenancy.TenantDataEraser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The data lake's eraser, for tenant offboarding and for a data subject's erasure: it records what the lake must erase
 * from its Delta tables and their history, in the erasing transaction, and the lake does it when it next reads the
 * {@linkplain ChangeFeed change feed} (it runs in a process of its own, perhaps on another machine, so it cannot erase
 * in the platform's transaction). The lake marks each erasure applied once its tables and their old files are rid of the
 * data; until then they stay open in the table {@code lake_erasure}.
 */
@ApplicationScoped
public class LakeErasures implements TenantDataEraser, SubjectDataEraser {

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Override
    public String name() {
        return "lake";
    }

    /** The whole tenant: every row of every lake table in its partition, and the files that held them. */
    @Override
    @Transactional
    public void erase(String tenant) {
        // Idempotent: offboarding that resumes after a crash runs this again.
        Number open = (Number) em.createNativeQuery("select count(*) from lake_erasure where erased_tenant = ?1 and entity_set is null"
                + " and applied_at is null").setParameter(1, tenant).getSingleResult();
        if (open.longValue() == 0) {
            em.createNativeQuery("insert into lake_erasure (erased_tenant, requested_at) values (?1, ?2)")
                    .setParameter(1, tenant).setParameter(2, Timestamp.from(Instant.now())).executeUpdate();
        }
    }

    /** The objects the subject's erasure deleted or anonymised: their earlier states, in the lake's history too. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(String entitySet, String key, Map<String, List<String>> erasedObjects) {
        String tenant = CurrentCaller.require().tenant();
        Timestamp now = Timestamp.from(Instant.now());
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into lake_erasure (erased_tenant, entity_set, entity_key, requested_at) values (?, ?, ?, ?)")) {
                for (Map.Entry<String, List<String>> set : erasedObjects.entrySet()) {
                    for (String object : set.getValue()) {
                        insert.setString(1, tenant);
                        insert.setString(2, set.getKey());
                        insert.setString(3, object);
                        insert.setTimestamp(4, now);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        });
    }
}
