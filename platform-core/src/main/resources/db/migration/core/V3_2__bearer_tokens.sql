-- The keys the platform signs its bearer tokens with (core.security.TokenKeys): every node signs and verifies with
-- the same ones. The newest signs; all of them verify, so that a key can be added without invalidating tokens.
create table platform_signing_key (
    kid varchar(64) not null,
    private_key varchar(4000) not null,
    public_key varchar(1000) not null,
    created_at timestamp(6) with time zone not null,
    primary key (kid)
);

-- Counts a user's password changes and disablings: a token names the generation it was issued for, and one issued
-- before the latest change is refused.
alter table platform_user add column credential_generation integer default 0 not null;
