-- The transactional change log (core.changes): one entry per business object per committed transaction. Sequence
-- numbers come from the single position row; updating it in each writing transaction orders their commits.
create table change_log (
    seq bigint not null,
    tenant varchar(64) not null,
    entity_set varchar(128) not null,
    entity_key varchar(256) not null,
    operation varchar(8) not null,
    state text,
    changed_at timestamp(6) with time zone not null,
    changed_by varchar(128),
    primary key (seq),
    constraint ck_change_log_operation check (operation in ('CREATED', 'UPDATED', 'DELETED'))
);
create index ix_change_log_set on change_log (tenant, entity_set, seq);
create index ix_change_log_key on change_log (tenant, entity_set, entity_key, seq);

create table change_log_position (
    id integer not null,
    last_seq bigint not null,
    primary key (id)
);
insert into change_log_position (id, last_seq) values (1, 0);
