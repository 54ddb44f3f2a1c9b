-- The ERP business objects: code lists, the general ledger, purchasing, invoicing and payments; taxes and payment
-- terms on the foundation's objects. Keys and foreign keys follow in 2.3, once 2.2 has given every existing tenant
-- the code lists its rows refer to.

-- Code lists: every tenant has its own; rows have surrogate ids, codes are unique per tenant (2.3).
create sequence currency_seq start with 1 increment by 50;
create sequence country_seq start with 1 increment by 50;
create sequence unit_of_measure_seq start with 1 increment by 50;
create sequence tax_code_seq start with 1 increment by 50;
create sequence number_range_seq start with 1 increment by 50;

create table currency (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    code varchar(3) not null,
    name varchar(60) not null,
    decimals integer not null,
    primary key (id)
);
create table country (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    code varchar(2) not null,
    name varchar(60) not null,
    eu_member boolean not null,
    primary key (id)
);
create table unit_of_measure (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    code varchar(3) not null,
    name varchar(60) not null,
    primary key (id)
);
create table tax_code (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    code varchar(4) not null,
    description varchar(80) not null,
    rate numeric(5, 2) not null,
    direction varchar(8) not null,
    net_account varchar(10) not null,
    tax_account varchar(10) not null,
    primary key (id),
    constraint ck_tax_code_direction check (direction in ('OUTPUT', 'INPUT'))
);
create table number_range (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    code varchar(40) not null,
    next_value bigint not null,
    primary key (id)
);

create sequence gl_account_seq start with 1 increment by 50;
create sequence cost_center_seq start with 1 increment by 50;
create sequence product_category_seq start with 1 increment by 50;
create sequence contact_person_seq start with 1 increment by 50;
create sequence purchase_order_seq start with 1 increment by 50;
create sequence purchase_order_item_seq start with 1 increment by 50;
create sequence invoice_seq start with 1 increment by 50;
create sequence invoice_item_seq start with 1 increment by 50;
create sequence payment_seq start with 1 increment by 50;
create sequence journal_entry_seq start with 1 increment by 50;
create sequence journal_entry_line_seq start with 1 increment by 50;

create table gl_account (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    account_number varchar(10) not null,
    name varchar(80) not null,
    account_type varchar(16) not null,
    active boolean not null,
    primary key (id),
    constraint ck_gl_account_account_type check (account_type in ('ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE'))
);
create table cost_center (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    cost_center_number varchar(10) not null,
    name varchar(80) not null,
    responsible_person varchar(120),
    active boolean not null,
    primary key (id)
);
create table product_category (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    name varchar(80) not null,
    primary key (id)
);
create table contact_person (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    partner_id bigint not null,
    first_name varchar(60) not null,
    last_name varchar(60) not null,
    job_title varchar(60),
    email varchar(254),
    phone varchar(30),
    primary key (id)
);
-- The rows of a partner's address collection belong to the partner's tenant through the partner's key.
create table business_partner_address (
    partner_id bigint not null,
    position integer not null,
    purpose varchar(16) not null,
    street varchar(120) not null,
    postal_code varchar(10) not null,
    city varchar(80) not null,
    country varchar(2) not null,
    primary key (position, partner_id),
    constraint ck_business_partner_address_purpose check (purpose in ('DELIVERY', 'BILLING'))
);

create table purchase_order (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    order_number varchar(20) not null,
    supplier_id bigint not null,
    order_date date not null,
    status varchar(20) not null,
    cost_center_id bigint,
    note varchar(500),
    created_at timestamp(6) with time zone not null,
    currency varchar(3) not null,
    net_amount numeric(15, 2) not null,
    tax_amount numeric(15, 2) not null,
    gross_amount numeric(15, 2) not null,
    primary key (id),
    constraint ck_purchase_order_status check (status in ('OPEN', 'ORDERED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'))
);
create table purchase_order_item (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    order_id bigint not null,
    item_number integer not null,
    product_id bigint not null,
    received_quantity numeric(15, 3) not null,
    quantity numeric(15, 3) not null,
    unit_price numeric(15, 2) not null,
    tax_code varchar(4) not null,
    tax_rate numeric(5, 2) not null,
    net_amount numeric(15, 2) not null,
    primary key (id)
);

create table invoice (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    invoice_number varchar(20) not null,
    kind varchar(16) not null,
    partner_id bigint not null,
    external_reference varchar(40),
    invoice_date date not null,
    due_date date not null,
    status varchar(16) not null,
    sales_order_id bigint,
    purchase_order_id bigint,
    paid_amount numeric(15, 2) not null,
    open_amount numeric(15, 2) not null,
    created_at timestamp(6) with time zone not null,
    currency varchar(3) not null,
    net_amount numeric(15, 2) not null,
    tax_amount numeric(15, 2) not null,
    gross_amount numeric(15, 2) not null,
    primary key (id),
    constraint ck_invoice_kind check (kind in ('CUSTOMER', 'SUPPLIER')),
    constraint ck_invoice_status check (status in ('DRAFT', 'POSTED', 'PARTIALLY_PAID', 'PAID', 'CANCELLED'))
);
create table invoice_item (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    invoice_id bigint not null,
    item_number integer not null,
    product_id bigint,
    description varchar(200) not null,
    quantity numeric(15, 3) not null,
    unit_price numeric(15, 2) not null,
    tax_code varchar(4) not null,
    tax_rate numeric(5, 2) not null,
    net_amount numeric(15, 2) not null,
    primary key (id)
);

create table payment (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    payment_number varchar(20) not null,
    direction varchar(16) not null,
    partner_id bigint not null,
    invoice_id bigint,
    payment_date date not null,
    amount numeric(15, 2) not null,
    currency varchar(3) not null,
    reference varchar(140),
    created_at timestamp(6) with time zone not null,
    primary key (id),
    constraint ck_payment_direction check (direction in ('INCOMING', 'OUTGOING'))
);

create table journal_entry (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    entry_number varchar(20) not null,
    posting_date date not null,
    document_date date not null,
    source varchar(16) not null,
    status varchar(16) not null,
    text varchar(120),
    currency varchar(3) not null,
    invoice_id bigint,
    payment_id bigint,
    total_debit numeric(15, 2) not null,
    total_credit numeric(15, 2) not null,
    created_at timestamp(6) with time zone not null,
    primary key (id),
    constraint ck_journal_entry_source check (source in ('MANUAL', 'INVOICE', 'PAYMENT')),
    constraint ck_journal_entry_status check (status in ('DRAFT', 'POSTED'))
);
create table journal_entry_line (
    id bigint not null,
    tenant varchar(64) not null,
    version bigint not null,
    entry_id bigint not null,
    line_number integer not null,
    gl_account_id bigint not null,
    debit numeric(15, 2) not null,
    credit numeric(15, 2) not null,
    partner_id bigint,
    cost_center_id bigint,
    text varchar(120),
    primary key (id)
);

-- The foundation's objects: payment terms, product categories, costs and tax codes, taxed orders.
alter table business_partner add column payment_terms_days integer default 30 not null;
alter table product add column category_id bigint;
alter table product add column standard_cost numeric(15, 2);
alter table product add column sales_tax_code varchar(4) default 'U19' not null;
alter table product add column purchase_tax_code varchar(4) default 'V19' not null;
alter table sales_order add column tax_amount numeric(15, 2) default 0 not null;
alter table sales_order add column gross_amount numeric(15, 2) default 0 not null;
alter table sales_order_item add column tax_code varchar(4) default 'U19' not null;
alter table sales_order_item add column tax_rate numeric(5, 2) default 19 not null;
