package de.deutschlandstack.core.events;

public enum ChangeKind {
    CREATED, UPDATED, DELETED
}
