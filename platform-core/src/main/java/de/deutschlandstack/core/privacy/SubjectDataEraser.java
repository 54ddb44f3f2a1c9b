package de.deutschlandstack.core.privacy;

/**
 * Erases what one part of the platform keeps about a data subject outside the database's business tables (the lake
 * and its history, model training sets): implement it as a CDI bean in the module that keeps the copy. {@link
 * DataSubjects} calls every implementation in the erasure's transaction, with the subject's tenant bound.
 */
public interface SubjectDataEraser {

    /** Erases the copies of the entity {@code entitySet(key)} and of the related entities that erasure deleted. */
    void erase(String entitySet, String key);
}
