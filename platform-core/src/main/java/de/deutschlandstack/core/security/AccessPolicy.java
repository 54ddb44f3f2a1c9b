package de.deutschlandstack.core.security;

import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.OperationModel;
import de.deutschlandstack.core.tenancy.Caller;
import de.deutschlandstack.core.tenancy.CurrentCaller;

import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether the bound caller may read or write an entity set or invoke an operation, from the roles the
 * declaration names. The OData runtime asks here wherever an entity set enters a request: every alias a query
 * ranges over (the addressed set, each navigation a path, {@code $expand}, a lambda or {@code $root} reaches), every
 * write (deep writes and {@code $ref} included), every action and function. {@code $batch} parts go through the same
 * runtime, so they are checked the same way.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    public static void requireRead(EntitySetModel set) {
        require(set.readRoles(), "Reading " + set.name());
    }

    public static void requireWrite(EntitySetModel set) {
        require(set.writeRoles(), "Changing " + set.name());
    }

    public static void requireInvoke(EntitySetModel set, OperationModel operation) {
        require(operation.roles(), (operation.action() ? "The action " : "The function ") + set.name() + "/" + operation.name());
    }

    /** The bound caller, if it holds one of the roles; otherwise {@link AccessDenied}. */
    public static Caller requireRole(String what, String... roles) {
        Caller caller = CurrentCaller.require();
        require(Set.of(roles), what);
        return caller;
    }

    public static boolean mayRead(EntitySetModel set) {
        return allows(CurrentCaller.require(), set.readRoles());
    }

    private static void require(Set<String> roles, String what) {
        if (!allows(CurrentCaller.require(), roles)) {
            throw new AccessDenied(what + " needs one of the roles " + String.join(", ", new TreeSet<>(roles)));
        }
    }

    private static boolean allows(Caller caller, Set<String> roles) {
        if (caller.hasRole(PlatformRoles.SYSTEM)) {
            return true;
        }
        for (String role : roles) {
            if (caller.hasRole(role)) {
                return true;
            }
        }
        return false;
    }
}
