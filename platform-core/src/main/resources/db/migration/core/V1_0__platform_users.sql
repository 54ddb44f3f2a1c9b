-- The embedded identity store, as the foundation created it (Hibernate's schema update).
create table platform_user (
    user_name varchar(128) not null,
    password_hash varchar(512) not null,
    roles varchar(512) not null,
    tenant varchar(64) not null,
    primary key (user_name)
);
