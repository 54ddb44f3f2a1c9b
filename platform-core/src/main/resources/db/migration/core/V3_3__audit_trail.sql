-- The tamper-evident audit trail (core.audit): append-only records, chained per tenant by SHA-256 hashes.
create table audit_record (
    id uuid not null,
    tenant varchar(64) not null,
    version bigint not null,
    seq bigint not null,
    recorded_at timestamp(6) with time zone not null,
    actor varchar(128) not null,
    kind varchar(24) not null,
    action varchar(48) not null,
    object_type varchar(128),
    object_key varchar(256),
    detail varchar(1000),
    previous_hash varchar(64) not null,
    hash varchar(64) not null,
    primary key (id),
    constraint uk_audit_record_seq unique (tenant, seq),
    constraint uk_audit_record_id_tenant unique (id, tenant)
);
create index ix_audit_record_time on audit_record (tenant, recorded_at);

-- The head of each tenant's chain: its last record's number and hash. Locked by a transaction that appends, so the
-- tenant's records are numbered without gaps, in commit order; it also tells a verification where the chain ends.
create table audit_chain (
    tenant varchar(64) not null,
    last_seq bigint not null,
    last_hash varchar(64) not null,
    primary key (tenant)
);
insert into audit_chain (tenant, last_seq, last_hash)
select tenant, 0, '0000000000000000000000000000000000000000000000000000000000000000' from platform_tenant;
