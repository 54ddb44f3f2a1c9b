package de.deutschlandstack.core.privacy;

import java.util.List;
import java.util.Map;

/**
 * Erases what one part of the platform keeps about a data subject outside the database's business tables (the lake
 * and its history, model training sets): implement it as a CDI bean in the module that keeps the copy. {@link
 * DataSubjects} calls every implementation in the erasure's transaction, with the subject's tenant bound.
 */
public interface SubjectDataEraser {

    /**
     * Erases the copies of the subject {@code entitySet(key)} and of every object the erasure deleted or anonymised
     * ({@code erasedObjects}: keys by entity set, as the change log names them; the subject among them).
     */
    void erase(String entitySet, String key, Map<String, List<String>> erasedObjects);
}
