-- How many requests of a tenant a node works on at once, set by the platform admin; null: the platform's default
-- (core.security.RateLimits).
alter table platform_tenant add column concurrent_requests integer;
