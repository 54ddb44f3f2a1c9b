package de.deutschlandstack.core.audit;

import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
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

    /** The function through which the platform's user erases an offboarding tenant's trail (it may not delete). */
    public static final String ERASE_FUNCTION = "platform_erase_audit_record";

    /**
     * Installs the triggers (PostgreSQL only), on a connection of the schema's owner in a transaction that the caller
     * commits. Where the platform's user is not the owner, it may only read and append records: the erasure of an
     * offboarding tenant's trail goes through {@value #ERASE_FUNCTION}, which runs with the owner's rights.
     */
    public static void apply(Connection connection, String platformUser) throws SQLException {
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
            // The chain's head moves forward only, is created only where the tenant has no record yet, and removed
            // only with an offboarding tenant's trail: records cannot be cut off its end with the head set back to match.
            ddl.execute("""
                    create or replace function platform_audit_chain_forward_only() returns trigger language plpgsql as $$
                    begin
                        if tg_op = 'UPDATE' and new.tenant = old.tenant and new.last_seq >= old.last_seq then
                            return new;
                        end if;
                        if tg_op = 'INSERT' and not exists (select 1 from audit_record r where r.tenant = new.tenant) then
                            return new;
                        end if;
                        if tg_op = 'DELETE' and exists (select 1 from platform_tenant t
                                                        where t.tenant = old.tenant and t.status = 'OFFBOARDING') then
                            return old;
                        end if;
                        raise exception 'an audit chain''s head only moves forward: % refused', tg_op using errcode = '42501';
                    end
                    $$""");
            ddl.execute("create or replace trigger audit_chain_forward_only before insert or update or delete on audit_chain"
                    + " for each row execute function platform_audit_chain_forward_only()");
            ddl.execute("create or replace trigger audit_chain_no_truncate before truncate on audit_chain"
                    + " for each statement execute function platform_audit_append_only()");
            String schema;
            try (ResultSet row = ddl.executeQuery("select current_schema(), current_user")) {
                row.next();
                schema = row.getString(1);
                if (row.getString(2).equals(platformUser)) {
                    LOG.debug("Audit records are append-only for the platform's statements (its user owns the tables)");
                    return;
                }
            }
            String user = "\"" + platformUser.replace("\"", "\"\"") + "\"";
            ddl.execute("revoke update, delete, truncate on audit_record from " + user);
            ddl.execute("revoke truncate on audit_chain from " + user);
            ddl.execute("create or replace function " + ERASE_FUNCTION + "(erased varchar) returns integer language plpgsql"
                    + " security definer set search_path = \"" + schema.replace("\"", "\"\"") + "\" as $$"
                    + " declare erased_records integer;"
                    + " begin"
                    + "   if not exists (select 1 from platform_tenant t where t.tenant = erased and t.status = 'OFFBOARDING') then"
                    + "     raise exception 'the audit trail of % is erased only while the tenant is offboarded', erased using errcode = '42501';"
                    + "   end if;"
                    + "   delete from audit_record where tenant = erased;"
                    + "   get diagnostics erased_records = row_count;"
                    + "   return erased_records;"
                    + " end $$");
            ddl.execute("revoke all on function " + ERASE_FUNCTION + "(varchar) from public");
            ddl.execute("grant execute on function " + ERASE_FUNCTION + "(varchar) to " + user);
        }
        LOG.debugf("Audit records are append-only; %s may read and append them only", platformUser);
    }
}
