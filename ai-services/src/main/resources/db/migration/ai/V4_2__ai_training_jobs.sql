-- Training jobs of the AI services' built-in models: one row per run, its progress, and the model version it made.
create table ai_training_job (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    service varchar(64) not null,
    status varchar(16) not null,
    progress integer not null,
    message varchar(1000),
    lake_version varchar(32),
    trained_on varchar(4000),
    evaluation varchar(4000),
    model_version varchar(32),
    requested_by varchar(128) not null,
    requested_at timestamp(6) with time zone not null,
    started_at timestamp(6) with time zone,
    finished_at timestamp(6) with time zone,
    primary key (id)
);
create index ix_ai_training_job_service on ai_training_job (tenant, service, status);
create sequence ai_training_job_seq start with 1 increment by 50;
