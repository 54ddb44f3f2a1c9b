-- Keys for 2.1's tables and the foundation's, as the entities declare them (TenantForeignKeys): every association
-- between tenant-scoped tables is the composite key (child_id, tenant) -> (id, tenant), every code a composite key
-- (code, tenant) into the tenant's code list. Then the taxes of the foundation's orders, and the defaults that only
-- served to fill existing rows go.

-- Unique keys: business keys and codes per tenant, and (id, tenant) for composite foreign keys to reference.
alter table business_partner add constraint uk_business_partner_id_tenant unique (id, tenant);
alter table contact_person add constraint uk_contact_person_id_tenant unique (id, tenant);
alter table cost_center add constraint uk_cost_center_number unique (tenant, cost_center_number);
alter table cost_center add constraint uk_cost_center_id_tenant unique (id, tenant);
alter table country add constraint uk_country_id_tenant unique (id, tenant);
alter table country add constraint uk_country_code_tenant unique (code, tenant);
alter table currency add constraint uk_currency_code_tenant unique (code, tenant);
alter table currency add constraint uk_currency_id_tenant unique (id, tenant);
alter table gl_account add constraint uk_gl_account_number unique (tenant, account_number);
alter table gl_account add constraint uk_gl_account_id_tenant unique (id, tenant);
alter table invoice add constraint uk_invoice_number unique (tenant, invoice_number);
alter table invoice add constraint uk_invoice_id_tenant unique (id, tenant);
alter table invoice_item add constraint uk_invoice_item_id_tenant unique (id, tenant);
alter table journal_entry add constraint uk_journal_entry_number unique (tenant, entry_number);
alter table journal_entry add constraint uk_journal_entry_id_tenant unique (id, tenant);
alter table journal_entry_line add constraint uk_journal_entry_line_id_tenant unique (id, tenant);
alter table number_range add constraint uk_number_range_code unique (tenant, code);
alter table number_range add constraint uk_number_range_id_tenant unique (id, tenant);
alter table payment add constraint uk_payment_number unique (tenant, payment_number);
alter table payment add constraint uk_payment_id_tenant unique (id, tenant);
alter table product add constraint uk_product_id_tenant unique (id, tenant);
alter table product_category add constraint uk_product_category_name unique (tenant, name);
alter table product_category add constraint uk_product_category_id_tenant unique (id, tenant);
alter table purchase_order add constraint uk_purchase_order_number unique (tenant, order_number);
alter table purchase_order add constraint uk_purchase_order_id_tenant unique (id, tenant);
alter table purchase_order_item add constraint uk_purchase_order_item_id_tenant unique (id, tenant);
alter table sales_order add constraint uk_sales_order_id_tenant unique (id, tenant);
alter table sales_order_item add constraint uk_sales_order_item_id_tenant unique (id, tenant);
alter table tax_code add constraint uk_tax_code_code_tenant unique (code, tenant);
alter table tax_code add constraint uk_tax_code_id_tenant unique (id, tenant);
alter table unit_of_measure add constraint uk_unit_of_measure_id_tenant unique (id, tenant);
alter table unit_of_measure add constraint uk_unit_of_measure_code_tenant unique (code, tenant);

-- Indexes for lookups by date and status, and on foreign keys (joins, cascading deletes).
create index ix_contact_person_partner on contact_person (partner_id);
create index ix_invoice_date on invoice (tenant, invoice_date);
create index ix_invoice_status_due on invoice (tenant, status, due_date);
create index ix_invoice_partner on invoice (partner_id);
create index ix_invoice_sales_order on invoice (sales_order_id);
create index ix_invoice_purchase_order on invoice (purchase_order_id);
create index ix_invoice_item_invoice on invoice_item (invoice_id, item_number);
create index ix_invoice_item_product on invoice_item (product_id);
create index ix_journal_entry_posting_date on journal_entry (tenant, posting_date);
create index ix_journal_entry_invoice on journal_entry (invoice_id);
create index ix_journal_entry_payment on journal_entry (payment_id);
create index ix_journal_entry_line_entry on journal_entry_line (entry_id, line_number);
create index ix_journal_entry_line_account on journal_entry_line (gl_account_id);
create index ix_journal_entry_line_partner on journal_entry_line (partner_id);
create index ix_journal_entry_line_cost_center on journal_entry_line (cost_center_id);
create index ix_payment_date on payment (tenant, payment_date);
create index ix_payment_partner on payment (partner_id);
create index ix_payment_invoice on payment (invoice_id);
create index ix_product_category on product (category_id);
create index ix_purchase_order_date on purchase_order (tenant, order_date);
create index ix_purchase_order_supplier on purchase_order (supplier_id);
create index ix_purchase_order_cost_center on purchase_order (cost_center_id);
create index ix_purchase_order_item_order on purchase_order_item (order_id, item_number);
create index ix_purchase_order_item_product on purchase_order_item (product_id);

-- Foreign keys.
alter table business_partner add constraint fk_business_partner_country foreign key (country, tenant) references country (code, tenant);
alter table business_partner_address add constraint fk_business_partner_address_partner foreign key (partner_id) references business_partner on delete cascade;
alter table contact_person add constraint fk_contact_person_partner_id foreign key (partner_id, tenant) references business_partner (id, tenant) on delete cascade;
alter table invoice add constraint fk_invoice_currency foreign key (currency, tenant) references currency (code, tenant);
alter table invoice add constraint fk_invoice_partner_id foreign key (partner_id, tenant) references business_partner (id, tenant);
alter table invoice add constraint fk_invoice_purchase_order_id foreign key (purchase_order_id, tenant) references purchase_order (id, tenant);
alter table invoice add constraint fk_invoice_sales_order_id foreign key (sales_order_id, tenant) references sales_order (id, tenant);
alter table invoice_item add constraint fk_invoice_item_tax_code foreign key (tax_code, tenant) references tax_code (code, tenant);
alter table invoice_item add constraint fk_invoice_item_invoice_id foreign key (invoice_id, tenant) references invoice (id, tenant) on delete cascade;
alter table invoice_item add constraint fk_invoice_item_product_id foreign key (product_id, tenant) references product (id, tenant);
alter table journal_entry add constraint fk_journal_entry_currency foreign key (currency, tenant) references currency (code, tenant);
alter table journal_entry add constraint fk_journal_entry_invoice_id foreign key (invoice_id, tenant) references invoice (id, tenant);
alter table journal_entry add constraint fk_journal_entry_payment_id foreign key (payment_id, tenant) references payment (id, tenant);
alter table journal_entry_line add constraint fk_journal_entry_line_cost_center_id foreign key (cost_center_id, tenant) references cost_center (id, tenant);
alter table journal_entry_line add constraint fk_journal_entry_line_entry_id foreign key (entry_id, tenant) references journal_entry (id, tenant) on delete cascade;
alter table journal_entry_line add constraint fk_journal_entry_line_gl_account_id foreign key (gl_account_id, tenant) references gl_account (id, tenant);
alter table journal_entry_line add constraint fk_journal_entry_line_partner_id foreign key (partner_id, tenant) references business_partner (id, tenant);
alter table payment add constraint fk_payment_currency foreign key (currency, tenant) references currency (code, tenant);
alter table payment add constraint fk_payment_invoice_id foreign key (invoice_id, tenant) references invoice (id, tenant);
alter table payment add constraint fk_payment_partner_id foreign key (partner_id, tenant) references business_partner (id, tenant);
alter table product add constraint fk_product_currency foreign key (currency, tenant) references currency (code, tenant);
alter table product add constraint fk_product_purchase_tax_code foreign key (purchase_tax_code, tenant) references tax_code (code, tenant);
alter table product add constraint fk_product_sales_tax_code foreign key (sales_tax_code, tenant) references tax_code (code, tenant);
alter table product add constraint fk_product_unit_of_measure foreign key (unit_of_measure, tenant) references unit_of_measure (code, tenant);
alter table product add constraint fk_product_category_id foreign key (category_id, tenant) references product_category (id, tenant);
alter table purchase_order add constraint fk_purchase_order_currency foreign key (currency, tenant) references currency (code, tenant);
alter table purchase_order add constraint fk_purchase_order_cost_center_id foreign key (cost_center_id, tenant) references cost_center (id, tenant);
alter table purchase_order add constraint fk_purchase_order_supplier_id foreign key (supplier_id, tenant) references business_partner (id, tenant);
alter table purchase_order_item add constraint fk_purchase_order_item_tax_code foreign key (tax_code, tenant) references tax_code (code, tenant);
alter table purchase_order_item add constraint fk_purchase_order_item_order_id foreign key (order_id, tenant) references purchase_order (id, tenant) on delete cascade;
alter table purchase_order_item add constraint fk_purchase_order_item_product_id foreign key (product_id, tenant) references product (id, tenant);
alter table sales_order add constraint fk_sales_order_currency foreign key (currency, tenant) references currency (code, tenant);
alter table sales_order add constraint fk_sales_order_customer_id foreign key (customer_id, tenant) references business_partner (id, tenant);
alter table sales_order_item add constraint fk_sales_order_item_tax_code foreign key (tax_code, tenant) references tax_code (code, tenant);
alter table sales_order_item add constraint fk_sales_order_item_order_id foreign key (order_id, tenant) references sales_order (id, tenant) on delete cascade;
alter table sales_order_item add constraint fk_sales_order_item_product_id foreign key (product_id, tenant) references product (id, tenant);

-- The foundation's orders carried net amounts only; their items were all taxed at 19 % (U19).
update sales_order set tax_amount = round(net_amount * 0.19, 2), gross_amount = net_amount + round(net_amount * 0.19, 2);

alter table business_partner alter column payment_terms_days drop default;
alter table product alter column sales_tax_code drop default;
alter table product alter column purchase_tax_code drop default;
alter table sales_order alter column tax_amount drop default;
alter table sales_order alter column gross_amount drop default;
alter table sales_order_item alter column tax_code drop default;
alter table sales_order_item alter column tax_rate drop default;
