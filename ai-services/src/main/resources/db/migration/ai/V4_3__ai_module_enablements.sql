-- The deployed AI modules' services each tenant has enabled.
create table ai_module_enablement (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    service varchar(64) not null,
    enabled_at timestamp(6) with time zone not null,
    enabled_by varchar(128) not null,
    primary key (id),
    constraint uk_ai_module_enablement unique (tenant, service)
);
create sequence ai_module_enablement_seq start with 1 increment by 50;
