-- The business objects as the foundation created them with Hibernate's schema update: partners, products and
-- sales orders with their items, single-column foreign keys under Hibernate's generated names. A database the
-- foundation created is taken as this version (baseline 1.1); later migrations start from here.
create sequence business_partner_seq start with 1 increment by 50;
create sequence product_seq start with 1 increment by 50;
create sequence sales_order_seq start with 1 increment by 50;
create sequence sales_order_item_seq start with 1 increment by 50;

create table business_partner (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    city varchar(80),
    country varchar(2),
    created_at timestamp(6) with time zone not null,
    email varchar(254),
    name varchar(120) not null,
    partner_number varchar(20) not null,
    postal_code varchar(10),
    role varchar(24) not null,
    vat_id varchar(20),
    primary key (id),
    constraint business_partner_role_check check (role in ('CUSTOMER', 'SUPPLIER', 'CUSTOMER_AND_SUPPLIER')),
    constraint uk_business_partner_number unique (tenant, partner_number)
);

create table product (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    active boolean not null,
    currency varchar(3) not null,
    description varchar(1000),
    name varchar(120) not null,
    product_number varchar(40) not null,
    unit_of_measure varchar(3) not null,
    unit_price numeric(15, 2) not null,
    primary key (id),
    constraint uk_product_number unique (tenant, product_number)
);

create table sales_order (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    created_at timestamp(6) with time zone not null,
    currency varchar(3) not null,
    net_amount numeric(15, 2) not null,
    note varchar(500),
    order_date date not null,
    order_number varchar(20) not null,
    status varchar(16) not null,
    customer_id bigint not null,
    primary key (id),
    constraint sales_order_status_check check (status in ('OPEN', 'RELEASED', 'SHIPPED', 'INVOICED', 'CANCELLED')),
    constraint uk_sales_order_number unique (tenant, order_number)
);

create table sales_order_item (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    item_number integer not null,
    net_amount numeric(15, 2) not null,
    quantity numeric(15, 3) not null,
    unit_price numeric(15, 2) not null,
    order_id bigint not null,
    product_id bigint not null,
    primary key (id)
);

create index ix_business_partner_name on business_partner (tenant, name);
create index ix_sales_order_customer on sales_order (customer_id);
create index ix_sales_order_date on sales_order (tenant, order_date);
create index ix_sales_order_status_date on sales_order (tenant, status, order_date);
create index ix_sales_order_item_order on sales_order_item (order_id, item_number);
create index ix_sales_order_item_product on sales_order_item (product_id);

alter table sales_order_item add constraint fkauhjnf2u1tcyxj79su49lpqaa foreign key (product_id) references product (id);
alter table sales_order add constraint fkgy0ul9lbucqsxmvqh0ns15xue foreign key (customer_id) references business_partner (id);
alter table sales_order_item add constraint fkm2hfpxmgtcsvi5ad1up1ixxlf foreign key (order_id) references sales_order (id);
