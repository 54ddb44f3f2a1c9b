package de.deutschlandstack.core.privacy;

import de.deutschlandstack.core.web.JsonValues;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import de.deutschlandstack.core.audit.AuditKind;
import de.deutschlandstack.core.audit.AuditTrail;
import de.deutschlandstack.core.odata.ODataServices;
import de.deutschlandstack.core.odata.model.ComplexCollectionModel;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.PropertyModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import de.deutschlandstack.core.odata.query.Values;
import de.deutschlandstack.core.tenancy.CurrentCaller;
import de.deutschlandstack.core.web.RequestRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rights of a data subject (GDPR Art. 15, 17, 20) for any entity set declared {@link DataSubject}: export
 * everything the platform holds about one as JSON, and erase them.
 *
 * <p>What the platform holds about a subject is the subject's entity and every entity that refers to it (the orders,
 * invoices, payments and contact persons of a business partner), found through the model's navigations, not a list
 * kept by hand. Erasure deletes those related entities that no law requires keeping, anonymises the {@link PersonalData}
 * fields of those it does ({@link RetainedFor}), and deletes the subject itself unless a retained document still refers
 * to it, in which case its personal fields are anonymised. The change log's earlier states of every erased or
 * anonymised object are cleared (they held the personal values), every registered {@link SubjectDataEraser} runs, and
 * the audit trail records the erasure with the subject's key only. All in one transaction.
 */
@ApplicationScoped
public class DataSubjects {

    /** What an anonymised text field that must not be empty holds. */
    static final String ERASED = "[erased]";
    private static final int PAGE = 500;
    private static final JsonFactory JSON = new JsonFactory();

    @PersistenceContext(unitName = "platform")
    EntityManager em;

    @Inject
    ODataServices services;

    @Inject
    AuditTrail audit;

    @Inject
    @Any
    Instance<SubjectDataEraser> erasers;

    /** What an erasure did, per entity set. */
    public record ErasureReport(String entitySet, String key, Map<String, Integer> deleted, Map<String, Integer> anonymised,
                                List<String> retainedBecause) {
    }

    /**
     * Refuses with 400 unless the set holds data subjects, with 404 unless this one exists; otherwise records the export
     * in the audit trail (before anything is sent: an export that breaks off was still an export) and returns the
     * subject's key as the platform writes it.
     */
    @Transactional
    public String startExport(String entitySet, String key) {
        Subject subject = subject(entitySet, key);
        String canonical = literal(subject.set(), subject.entity());
        audit.append(new AuditTrail.Entry(CurrentCaller.require().user(), AuditKind.PERSONAL_DATA_READ, "SUBJECT_EXPORTED",
                subject.set().name(), canonical, "GDPR Art. 15/20"));
        return canonical;
    }

    /** Writes everything held about the subject as one JSON document (streamed, page by page). */
    @Transactional
    public void export(String entitySet, String key, OutputStream out) throws IOException {
        Subject subject = subject(entitySet, key);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("tenant", CurrentCaller.require().tenant());
            json.writeStringField("exportedAt", Instant.now().toString());
            json.writeObjectFieldStart("subject");
            json.writeStringField("entitySet", subject.set().name());
            json.writeStringField("key", key);
            json.writeFieldName("data");
            write(json, subject.set(), subject.entity());
            json.writeEndObject();
            json.writeObjectFieldStart("related");
            for (Referrer referrer : referrers(subject)) {
                json.writeArrayFieldStart(referrer.set().name() + (referrer.hasSeveral() ? "." + referrer.navigation().name() : ""));
                for (int first = 0; ; first += PAGE) {
                    List<?> page = referrer.query(em, subject.entity()).setFirstResult(first).setMaxResults(PAGE).getResultList();
                    for (Object related : page) {
                        write(json, referrer.set(), related);
                    }
                    json.flush();
                    if (page.size() < PAGE) {
                        break;
                    }
                    em.clear();
                    subject = subject(entitySet, key);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    /** Erases the subject as the class comment says; 404 if there is none, 400 if the set holds no data subjects. */
    @Transactional
    public ErasureReport erase(String entitySet, String keyText) {
        Subject subject = subject(entitySet, keyText);
        String key = literal(subject.set(), subject.entity()); // 7, not the 007 the URL may have said
        Map<String, Integer> deleted = new LinkedHashMap<>();
        Map<String, Integer> anonymised = new LinkedHashMap<>();
        List<String> retainedBecause = new ArrayList<>();
        List<Object[]> forgotten = new ArrayList<>(); // {set name, key literal} whose change-log states are cleared
        boolean subjectRetained = subject.set().javaType().isAnnotationPresent(RetainedFor.class);
        for (Referrer referrer : referrers(subject)) {
            RetainedFor retained = referrer.set().javaType().getAnnotation(RetainedFor.class);
            List<?> related = referrer.query(em, subject.entity()).getResultList();
            if (related.isEmpty()) {
                continue;
            }
            if (retained != null) {
                subjectRetained = true;
                retainedBecause.add(referrer.set().name() + ": " + retained.years() + " years, " + retained.law());
            }
            for (Object entity : related) {
                if (retained != null) {
                    // A kept document's history stays too, unless it held personal values.
                    if (anonymise(referrer.set(), entity)) {
                        anonymised.merge(referrer.set().name(), 1, Integer::sum);
                        forgotten.add(new Object[]{referrer.set().name(), literal(referrer.set(), entity)});
                    }
                } else {
                    forgotten.add(new Object[]{referrer.set().name(), literal(referrer.set(), entity)});
                    em.remove(entity);
                    deleted.merge(referrer.set().name(), 1, Integer::sum);
                }
            }
        }
        forgotten.add(new Object[]{subject.set().name(), key});
        if (subjectRetained) {
            anonymise(subject.set(), subject.entity());
            anonymised.merge(subject.set().name(), 1, Integer::sum);
        } else {
            em.remove(subject.entity());
            deleted.merge(subject.set().name(), 1, Integer::sum);
        }
        // Earlier states in the change log held the personal values: cleared before this change's own entries are written
        // (those hold the anonymised state, or none for a deletion).
        String tenant = CurrentCaller.require().tenant();
        Map<String, List<String>> keysBySet = new LinkedHashMap<>();
        for (Object[] object : forgotten) {
            keysBySet.computeIfAbsent((String) object[0], set -> new ArrayList<>()).add((String) object[1]);
        }
        // One statement per set and 500 keys, not one per object: a partner with thousands of documents is erased in time.
        keysBySet.forEach((set, keys) -> {
            for (int from = 0; from < keys.size(); from += PAGE) {
                em.createNativeQuery("update change_log set state = null where tenant = ?1 and entity_set = ?2 and entity_key in (?3)")
                        .setParameter(1, tenant).setParameter(2, set).setParameter(3, keys.subList(from, Math.min(keys.size(), from + PAGE)))
                        .executeUpdate();
            }
        });
        em.flush();
        for (SubjectDataEraser eraser : erasers) {
            eraser.erase(entitySet, key, keysBySet);
        }
        audit.append(new AuditTrail.Entry(CurrentCaller.require().user(), AuditKind.DATA_CHANGE, "SUBJECT_ERASED", entitySet, key,
                "deleted " + deleted + "; anonymised " + anonymised));
        return new ErasureReport(entitySet, key, deleted, anonymised, retainedBecause);
    }

    private record Subject(EntitySetModel set, Object entity) {
    }

    /** A set whose entities refer to the subject's set through one single-valued navigation. */
    private record Referrer(EntitySetModel set, NavigationModel navigation, boolean hasSeveral) {

        jakarta.persistence.TypedQuery<?> query(EntityManager em, Object subject) {
            return em.createQuery("select e from " + set.entityName() + " e where e." + navigation.attribute() + " = :subject"
                    + " order by e." + set.key().attribute(), set.javaType()).setParameter("subject", subject);
        }
    }

    private Subject subject(String entitySet, String key) {
        for (ServiceModel service : models()) {
            EntitySetModel set = service.entitySet(entitySet).orElse(null);
            if (set == null) {
                continue;
            }
            if (!set.javaType().isAnnotationPresent(DataSubject.class)) {
                throw new RequestRefused(400, entitySet + " holds no data subjects; they are in "
                        + String.join(", ", subjectSets()));
            }
            Object value;
            try {
                value = keyValue(key, set.key().javaType());
            } catch (RuntimeException e) {
                throw new RequestRefused(400, "Not a key of " + entitySet + ": " + (key.length() > 40 ? key.substring(0, 40) : key));
            }
            List<?> found = em.createQuery("select e from " + set.entityName() + " e where e." + set.key().attribute() + " = :key",
                    set.javaType()).setParameter("key", value).getResultList();
            if (found.isEmpty()) {
                throw new RequestRefused(404, "No " + entitySet + "(" + key + ")");
            }
            return new Subject(set, found.get(0));
        }
        throw new RequestRefused(404, "No entity set " + entitySet + "; data subjects are in " + String.join(", ", subjectSets()));
    }

    private List<String> subjectSets() {
        return models().stream().flatMap(s -> s.entitySets().stream())
                .filter(s -> s.javaType().isAnnotationPresent(DataSubject.class)).map(EntitySetModel::name).sorted().toList();
    }

    private List<ServiceModel> models() {
        return services.services().values().stream().map(de.deutschlandstack.core.odata.ODataService::model).toList();
    }

    private List<Referrer> referrers(Subject subject) {
        List<Referrer> referrers = new ArrayList<>();
        for (ServiceModel service : models()) {
            for (EntitySetModel set : service.entitySets()) {
                List<NavigationModel> toSubject = set.navigations().stream()
                        .filter(n -> !n.collection() && n.targetType().equals(subject.set().javaType())).toList();
                for (NavigationModel navigation : toSubject) {
                    referrers.add(new Referrer(set, navigation, toSubject.size() > 1));
                }
            }
        }
        return referrers;
    }

    /** The key from its text in the URL, in the key's Java type. */
    private static Object keyValue(String text, Class<?> type) {
        Class<?> wrapped = Values.wrap(type);
        if (wrapped == Long.class) {
            return Long.valueOf(text);
        }
        if (wrapped == Integer.class) {
            return Integer.valueOf(text);
        }
        if (wrapped == java.util.UUID.class) {
            return java.util.UUID.fromString(text);
        }
        if (wrapped == String.class) {
            return text;
        }
        throw new IllegalArgumentException("Keys of type " + type.getSimpleName() + " are not addressed here");
    }

    /** Clears the entity's personal fields (and those of its complex values); whether it had any. */
    private static boolean anonymise(EntitySetModel set, Object entity) {
        boolean any = false;
        for (PropertyModel property : set.properties()) {
            if (property.field() != null && property.field().isAnnotationPresent(PersonalData.class)) {
                property.write(entity, property.nullable() ? null : ERASED);
                any = true;
            }
        }
        for (ComplexCollectionModel collection : set.complexCollections()) {
            for (Object element : collection.read(entity)) {
                for (PropertyModel property : collection.properties()) {
                    if (property.field() != null && property.field().isAnnotationPresent(PersonalData.class)) {
                        property.write(element, property.nullable() ? null : ERASED);
                        any = true;
                    }
                }
            }
        }
        return any;
    }

    /** The key as the change log writes it. */
    private static String literal(EntitySetModel set, Object entity) {
        return String.valueOf(set.key().read(entity));
    }

    private static void write(JsonGenerator json, EntitySetModel set, Object entity) throws IOException {
        json.writeStartObject();
        for (PropertyModel property : set.properties()) {
            json.writeFieldName(property.name());
            JsonValues.write(json, property.read(entity));
        }
        for (ComplexCollectionModel collection : set.complexCollections()) {
            json.writeArrayFieldStart(collection.name());
            for (Object element : collection.read(entity)) {
                json.writeStartObject();
                for (PropertyModel property : collection.properties()) {
                    json.writeFieldName(property.name());
                    JsonValues.write(json, property.read(element));
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }
}
