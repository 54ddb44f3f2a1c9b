package de.deutschlandstack.erp.products;

import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import de.deutschlandstack.core.tenancy.CodeList;
import de.deutschlandstack.erp.codelists.Currency;
import de.deutschlandstack.erp.codelists.TaxCode;
import de.deutschlandstack.erp.codelists.UnitOfMeasure;
import jakarta.persistence.Column;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/** Something the tenant sells or buys: goods or a service, with its list price. */
@Entity
@Table(name = "product",
        uniqueConstraints = @UniqueConstraint(name = "uk_product_number", columnNames = {"tenant", "product_number"}),
        indexes = @Index(name = "ix_product_category", columnList = "category_id"))
@ODataEntitySet(service = "erp", name = "Products")
public class Product extends TenantScopedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "product_seq")
    @SequenceGenerator(name = "product_seq", sequenceName = "product_seq", allocationSize = 50)
    private Long id;

    @NotBlank
    @Size(max = 40)
    @Column(name = "product_number", nullable = false, length = 40)
    @Searchable
    private String productNumber;

    @NotBlank
    @Size(max = 120)
    @Column(name = "name", nullable = false, length = 120)
    @Searchable
    private String name;

    @Size(max = 1000)
    @Column(name = "description", length = 1000)
    @Searchable
    private String description;

    @NotNull
    @DecimalMin("0.00")
    @Column(name = "unit_price", nullable = false, precision = 15, scale = 2)
    private BigDecimal unitPrice;

    /** ISO 4217. */
    @NotNull
    @Pattern(regexp = "[A-Z]{3}")
    @CodeList(Currency.class)
    @Column(name = "currency", nullable = false, length = 3)
    private String currency = "EUR";

    /** UN/ECE Recommendation 20 code, e.g. {@code C62} (piece), {@code HUR} (hour). */
    @NotNull
    @Size(max = 3)
    @CodeList(UnitOfMeasure.class)
    @Column(name = "unit_of_measure", nullable = false, length = 3)
    private String unitOfMeasure = "C62";

    @Column(name = "active", nullable = false)
    private boolean active = true;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "category_id")
    private ProductCategory category;

    /** What the tenant pays a supplier for one unit; purchase order items default to it. */
    @DecimalMin("0.00")
    @Column(name = "standard_cost", precision = 15, scale = 2)
    private BigDecimal standardCost;

    /** The VAT code of sales of this product: {@code U19} for most goods, {@code U7} for books or food. */
    @NotNull
    @Size(max = 4)
    @CodeList(TaxCode.class)
    @Column(name = "sales_tax_code", nullable = false, length = 4)
    private String salesTaxCode = "U19";

    /** The VAT code of purchases of this product: {@code V19} or {@code V7}. */
    @NotNull
    @Size(max = 4)
    @CodeList(TaxCode.class)
    @Column(name = "purchase_tax_code", nullable = false, length = 4)
    private String purchaseTaxCode = "V19";

    protected Product() {
    }

    public Product(String productNumber, String name, BigDecimal unitPrice, String unitOfMeasure) {
        this.productNumber = productNumber;
        this.name = name;
        this.unitPrice = unitPrice;
        this.unitOfMeasure = unitOfMeasure;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public BigDecimal getUnitPrice() {
        return unitPrice;
    }

    public String getCurrency() {
        return currency;
    }

    public BigDecimal getStandardCost() {
        return standardCost;
    }

    public String getSalesTaxCode() {
        return salesTaxCode;
    }

    public String getPurchaseTaxCode() {
        return purchaseTaxCode;
    }

    public Product describedAs(String description) {
        this.description = description;
        return this;
    }

    public Product inCategory(ProductCategory category) {
        this.category = category;
        return this;
    }

    /** Bought at this cost, taxed with these codes on sale and purchase. */
    public Product costingAndTaxed(BigDecimal standardCost, String salesTaxCode, String purchaseTaxCode) {
        this.standardCost = standardCost;
        this.salesTaxCode = salesTaxCode;
        this.purchaseTaxCode = purchaseTaxCode;
        return this;
    }
}
