package de.deutschlandstack.erp.products;

import de.deutschlandstack.core.odata.model.ODataEntitySet;
import de.deutschlandstack.core.odata.model.Searchable;
import de.deutschlandstack.core.tenancy.TenantScopedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.List;

/**
 * A group of products the tenant reports on (revenue by category, demand by category). Categories form a hierarchy
 * (Kaffee under Getränke), read in one request with {@code $expand=Subcategories($levels=max)}; {@link CategoryHierarchy}
 * keeps it free of cycles.
 */
@Entity
@Table(name = "product_category",
        uniqueConstraints = @UniqueConstraint(name = "uk_product_category_name", columnNames = {"tenant", "name"}),
        indexes = @Index(name = "ix_product_category_parent", columnList = "parent_id"))
@ODataEntitySet(service = "erp", name = "ProductCategories")
public class ProductCategory extends TenantScopedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "product_category_seq")
    @SequenceGenerator(name = "product_category_seq", sequenceName = "product_category_seq", allocationSize = 50)
    private Long id;

    @NotBlank
    @Size(max = 80)
    @Column(name = "name", nullable = false, length = 80)
    @Searchable
    private String name;

    @OneToMany(mappedBy = "category")
    private List<Product> products = new ArrayList<>();

    /** The category this one belongs to; null for a top-level category. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "parent_id")
    private ProductCategory parent;

    @OneToMany(mappedBy = "parent")
    private List<ProductCategory> subcategories = new ArrayList<>();

    protected ProductCategory() {
    }

    public ProductCategory(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public ProductCategory getParent() {
        return parent;
    }

    /** Places this category under another one (null: top level). */
    public ProductCategory under(ProductCategory parent) {
        this.parent = parent;
        return this;
    }
}
