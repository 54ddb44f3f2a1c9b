-- The AI services' model registry: each registered version of a tenant's model, where its files came from, how it is
-- served, and (for the platform's trained models) the lake data it saw and how it scored on its holdout.
create table ai_model_version (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    name varchar(64) not null,
    model_version varchar(32) not null,
    engine varchar(16) not null,
    device varchar(16),
    source varchar(16) not null,
    active boolean not null,
    min_workers integer not null,
    max_workers integer not null,
    serving_properties varchar(16000) not null,
    trained_on varchar(4000),
    evaluation varchar(4000),
    registered_at timestamp(6) with time zone not null,
    registered_by varchar(128) not null,
    primary key (id),
    constraint uk_ai_model_version unique (tenant, name, model_version)
);
create sequence ai_model_version_seq start with 1 increment by 50;
