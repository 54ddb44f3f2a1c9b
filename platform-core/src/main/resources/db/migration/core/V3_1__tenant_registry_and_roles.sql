-- The tenant registry (core.tenancy.TenantRegistry): every tenant the platform serves, with its lifecycle status.
-- A row outlives its tenant's data as the tombstone of an offboarded tenant: its id and dates, nothing personal.
create table platform_tenant (
    tenant varchar(64) not null,
    display_name varchar(200),
    status varchar(16) not null,
    created_at timestamp(6) with time zone not null,
    status_changed_at timestamp(6) with time zone not null,
    -- The erasers that have finished for an offboarding tenant (comma-separated), so that offboarding resumes.
    erased_by varchar(1000),
    -- Rate limits the platform admin set for this tenant (all its users together, and each user); null: the defaults.
    requests_per_minute integer,
    user_requests_per_minute integer,
    primary key (tenant),
    constraint ck_platform_tenant_status check (status in ('ACTIVE', 'SUSPENDED', 'OFFBOARDING', 'OFFBOARDED'))
);

-- Tenants so far existed only as the tenant of their users.
insert into platform_tenant (tenant, display_name, status, created_at, status_changed_at)
select distinct tenant, tenant, 'ACTIVE', current_timestamp, current_timestamp from platform_user;

-- A user can be disabled without deleting them; a disabled user is refused at the next request.
alter table platform_user add column enabled boolean default true not null;

-- The foundation's two roles become the platform's role model (core.security.PlatformRoles).
update platform_user set roles = replace(roles, 'user', 'business-user') where roles not like '%business-user%';
update platform_user set roles = replace(roles, 'admin', 'tenant-admin') where roles not like '%tenant-admin%' and roles not like '%platform-admin%';
