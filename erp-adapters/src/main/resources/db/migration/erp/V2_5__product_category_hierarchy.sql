-- Product categories form a hierarchy: a category may lie under another category of the same tenant.
alter table product_category add column parent_id bigint;
create index ix_product_category_parent on product_category (parent_id);
alter table product_category add constraint fk_product_category_parent_id
    foreign key (parent_id, tenant) references product_category (id, tenant);
