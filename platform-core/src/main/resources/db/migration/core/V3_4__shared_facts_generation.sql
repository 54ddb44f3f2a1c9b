-- Counts the changes of the facts every platform node keeps in memory (users, tenants, signing keys): each node reads
-- the count every second and, when it moved, forgets what it remembered (core.cluster.SharedFacts). PostgreSQL's
-- triggers count; the embedded H2 serves one node, which forgets at once on its own changes.
create table platform_shared_facts (
    id integer not null,
    generation bigint not null,
    primary key (id),
    constraint ck_platform_shared_facts_one_row check (id = 1)
);

insert into platform_shared_facts (id, generation) values (1, 0);
