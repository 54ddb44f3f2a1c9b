package de.deutschlandstack.ai.registry;

import de.deutschlandstack.core.privacy.SubjectDataEraser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * What a data subject's erasure (GDPR Art. 17) means for the models the platform trained on the tenant's lake data: the
 * lake erases the subject from its tables and their history ({@code core.changes.LakeErasures}), so a training from then
 * on cannot see them; a version trained before may have learnt from their data and cannot be edited to unlearn it. Each
 * such version of the subject's tenant is marked as needing retraining, with when and why (the erased entity set, not
 * the subject's key), in the erasure's transaction; the model's {@code GET} shows it, and the tenant admin trains the
 * service again, promotes the new version and unregisters the marked ones ({@code docs/security.md}).
 *
 * <p>Uploaded models are not marked: the platform does not know what they were trained on; the tenant who uploaded
 * them answers for that. A deployed module's models are the same for every tenant and never saw a tenant's data.
 */
@ApplicationScoped
public class TrainedModelErasures implements SubjectDataEraser {

    private static final Logger LOG = Logger.getLogger(TrainedModelErasures.class);

    static final String RETRAIN = "train the service again, promote the new version and unregister this one";

    static final String REASON_DURING_TRAINING = "A data subject's erasure was requested while this version's training data"
            + " was read, or the lake had not yet applied it: it may have learnt from their data; " + RETRAIN;

    @Inject
    ModelVersions versions;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(String entitySet, String key, Map<String, List<String>> erasedObjects) {
        Instant erasedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int marked = versions.markForRetraining(erasedAt, "A data subject of " + entitySet + " was erased at " + erasedAt
                + ", after this version was trained: it may have learnt from their data; " + RETRAIN);
        if (marked > 0) {
            LOG.infof("A data subject's erasure marked %d trained model versions for retraining", marked);
        }
    }
}
