package de.deutschlandstack.core.odata;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import de.deutschlandstack.core.tenancy.RowLevelSecurity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.hibernate.Hibernate;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.type.Type;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The transaction of one {@code $batch} change set (or atomicity group): all of its requests are stored, or none.
 * The work reports whether it failed; a failure rolls the whole set back. Each set gets a transaction of its own,
 * whatever ran before it in the batch.
 *
 * <p>A set of several requests runs first with its creates' {@code INSERT}s deferred: they are sent together, in JDBC
 * batches, every {@value #FLUSH_EVERY} requests and at the set's end, instead of one round trip per request (1,000
 * creates: one database round trip each was most of the set's time). A deferred insert that fails could no longer be
 * answered as the error of the request that sent it; so when the set fails in any way, it is rolled back and run
 * once more, flushing after each request as a request of its own does, and that run's answers are the set's: the
 * same as without the deferral, at twice the work for a set that fails.
 */
@ApplicationScoped
public class ChangeSets {

    private static final Logger LOG = Logger.getLogger(ChangeSets.class);

    /** Requests of a deferring set between two flushes: JDBC batches of its creates, and the entities it keeps managed. */
    static final int FLUSH_EVERY = 100;

    /** The transaction resource that marks a deferring run and counts its requests. */
    private static final Object DEFERRING = new Object();

    /** The outcome of a change set's work: what to answer, and whether it failed (and must leave nothing behind). */
    public interface Outcome {
        boolean failed();
    }

    private static final class Deferral {
        int requests;
    }

    @Resource
    TransactionSynchronizationRegistry transaction;

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    ChangeSetTransaction transactions;

    /**
     * Runs a set of several requests in a new transaction that commits unless the outcome failed; creates are
     * flushed together (see the class comment). {@code rewind} sets the requests back to what the client sent
     * before the set runs once more. A commit that fails in the run that flushes each request throws: the caller
     * answers that nothing was stored.
     */
    public <T extends Outcome> T atomically(Supplier<T> work, Runnable rewind) {
        try {
            T outcome = transactions.run(() -> run(work, true));
            if (!outcome.failed()) {
                return outcome;
            }
        } catch (RuntimeException e) {
            // A deferred insert failed at the last flush or at the commit: the run below finds its request.
            LOG.debugf(e, "A change set with deferred inserts failed; running it once more request by request");
        }
        rewind.run();
        return transactions.run(() -> run(work, false));
    }

    /** Runs one write request, or a set that must flush request by request, in a new transaction (see above). */
    public <T extends Outcome> T atomically(Supplier<T> work) {
        return transactions.run(() -> run(work, false));
    }

    private <T extends Outcome> T run(Supplier<T> work, boolean deferring) {
        RowLevelSecurity.leaveIsolationToDatabase(em);
        if (deferring) {
            defer();
        }
        T outcome = work.get();
        if (outcome.failed()) {
            transaction.setRollbackOnly();
        } else if (deferring) {
            // Throws when a deferred insert fails: the transaction rolls back, and atomically runs the set once more.
            em.flush();
        }
        return outcome;
    }

    /** Marks this transaction's change set as deferring its creates' inserts. */
    void defer() {
        transaction.putResource(DEFERRING, new Deferral());
    }

    /** Whether this transaction's creates may leave their inserts to a later flush: a deferring change set's. */
    boolean defersCreates() {
        return transaction.getTransactionKey() != null && transaction.getResource(DEFERRING) != null;
    }

    /**
     * Called inside a set's transaction after each of its requests succeeded: flushes what the requests left
     * unflushed and detaches the entities of the set so far whose collections are all loaded; a deferring set does so
     * every {@value #FLUSH_EVERY} requests. A flush dirty-checks every entity the persistence context holds: without
     * the detaching, a set of n creates flushed request by request checked n²/2 entities (1,000 creates: ~1.5 s, two
     * thirds of it flushing). A later request of the set reads afresh, in the same transaction, whatever it needs of
     * the earlier ones.
     *
     * <p>An entity with a collection not loaded yet stays managed: the change log reads each changed object's final
     * state at the commit ({@code TransactionChanges}), element collections included, and a detached entity could not
     * load them any more. Created entities, the bulk of a large set, hold their collections in memory.
     */
    public void settle() {
        Deferral deferral = (Deferral) transaction.getResource(DEFERRING);
        if (deferral != null && ++deferral.requests % FLUSH_EVERY != 0) {
            return;
        }
        em.flush();
        SessionImplementor session = em.unwrap(SessionImplementor.class);
        for (Map.Entry<Object, EntityEntry> managed : session.getPersistenceContextInternal().reentrantSafeEntityEntries()) {
            Object entity = managed.getKey();
            // An earlier detach may have cascaded to it already.
            if (em.contains(entity) && collectionsLoaded(managed.getValue().getPersister(), entity)) {
                em.detach(entity);
            }
        }
    }

    private static boolean collectionsLoaded(EntityPersister persister, Object entity) {
        Type[] types = persister.getPropertyTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i].isCollectionType() && !Hibernate.isInitialized(persister.getValue(entity, i))) {
                return false;
            }
        }
        return true;
    }
}
