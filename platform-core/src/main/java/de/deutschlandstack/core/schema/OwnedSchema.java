package de.deutschlandstack.core.schema;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The schema the platform's tables live in, as the code that installs the database's own protections (row-level
 * security, the append-only audit trail, the record of shared facts' changes) needs it: its quoted name, and whether the
 * platform's database user owns it (the embedded set-up) or the schema has an owner of its own (docs/security.md).
 *
 * @param name            the schema's name, quoted for SQL
 * @param platformUserOwnsIt whether the platform's user is the one connected (the owner) here
 */
public record OwnedSchema(String name, boolean platformUserOwnsIt) {

    /** The schema of the connection {@code ddl} runs on, and whether it is {@code platformUser}'s. */
    public static OwnedSchema of(Statement ddl, String platformUser) throws SQLException {
        try (ResultSet row = ddl.executeQuery("select quote_ident(current_schema()), current_user")) {
            row.next();
            return new OwnedSchema(row.getString(1), row.getString(2).equals(platformUser));
        }
    }

    /**
     * What follows a function's signature for one that runs with the owner's rights: PL/pgSQL, its tables named with
     * this schema, {@code pg_temp} searched last so that a temporary table of the caller's cannot stand in for one of the
     * platform's.
     */
    public String ownersFunction() {
        return " language plpgsql security definer set search_path = pg_catalog, " + name + ", pg_temp as $$";
    }
}
