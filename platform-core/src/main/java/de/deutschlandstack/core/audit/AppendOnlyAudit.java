package de.deutschlandstack.core.audit;

import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The audit trail is append-only in PostgreSQL itself, for the platform's statements too: a trigger refuses every
 * UPDATE of an audit record, every DELETE except of an offboarding tenant's records (the erasure that leaves only the
 * tombstone), and TRUNCATE. No API changes a record, and with this no defect of the platform's code can either. The
 * tables' owner (the platform's own database user, which runs the migrations) or a superuser can still switch the
 * trigger off; what they change, the hash chain reveals unless they rewrite it ({@link AuditTrail#verify}).
 * Applied after every schema migration at start, like row-level security (PostgreSQL 14 or later); the embedded H2
 * has no such trigger.
 */
public final class AppendOnlyAudit {

    private static final Logger LOG = Logger.getLogger(AppendOnlyAudit.class);

    private AppendOnlyAudit() {
    }

    /** Installs the triggers (PostgreSQL only), on a connection in a transaction that the caller commits. */
    public static void apply(Connection connection) throws SQLException {
        if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement ddl = connection.createStatement()) {
            // 42501 (insufficient_privilege): what a client of the database gets for a refused write.
            ddl.execute("""
                    create or replace function platform_audit_append_only() returns trigger language plpgsql as $$
                    begin
                        if tg_op = 'DELETE' and exists (select 1 from platform_tenant t
                                                        where t.tenant = old.tenant and t.status = 'OFFBOARDING') then
                            return old;
                        end if;
                        raise exception 'audit records are append-only: % refused', tg_op using errcode = '42501';
                    end
                    $$""");
            ddl.execute("create or replace trigger audit_record_append_only before update or delete on audit_record"
                    + " for each row execute function platform_audit_append_only()");
            ddl.execute("create or replace trigger audit_record_no_truncate before truncate on audit_record"
                    + " for each statement execute function platform_audit_append_only()");
        }
        LOG.debug("Audit records are append-only in the database");
    }
}
