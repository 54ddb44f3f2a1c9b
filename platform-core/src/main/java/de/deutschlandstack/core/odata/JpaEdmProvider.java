package de.deutschlandstack.core.odata;

import de.deutschlandstack.core.odata.model.ComplexCollectionModel;
import de.deutschlandstack.core.odata.model.EntitySetModel;
import de.deutschlandstack.core.odata.model.NavigationModel;
import de.deutschlandstack.core.odata.model.OperationModel;
import de.deutschlandstack.core.odata.model.PropertyModel;
import de.deutschlandstack.core.odata.model.ServiceModel;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.edm.provider.CsdlAbstractEdmProvider;
import org.apache.olingo.commons.api.edm.provider.CsdlAction;
import org.apache.olingo.commons.api.edm.provider.CsdlFunction;
import org.apache.olingo.commons.api.edm.provider.CsdlParameter;
import org.apache.olingo.commons.api.edm.provider.CsdlReturnType;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainer;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainerInfo;
import org.apache.olingo.commons.api.edm.provider.CsdlEntitySet;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityType;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationPropertyBinding;
import org.apache.olingo.commons.api.edm.provider.CsdlProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlPropertyRef;
import org.apache.olingo.commons.api.edm.provider.CsdlSchema;
import org.apache.olingo.commons.api.edm.provider.CsdlTerm;

import org.apache.olingo.commons.api.edm.provider.CsdlAnnotation;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlCollection;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlConstantExpression;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlConstantExpression.ConstantExpressionType;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlPropertyValue;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlRecord;
import org.apache.olingo.commons.api.edmx.EdmxReference;
import org.apache.olingo.commons.api.edmx.EdmxReferenceInclude;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSDL of one service, computed once from its {@link ServiceModel}; Olingo renders $metadata from it. Besides
 * types and sets it states what clients should know in advance, with the standard vocabularies: which properties
 * the platform computes ({@code Core.Computed}) or keeps after creation ({@code Core.Immutable}), which sets need an
 * ETag to change ({@code Core.OptimisticConcurrency}), and how deep {@code $expand} may go
 * ({@code Capabilities.ExpandRestrictions}).
 */
final class JpaEdmProvider extends CsdlAbstractEdmProvider {

    /** The name of every bound operation's first parameter: the entity it is invoked on. */
    static final String BINDING_PARAMETER = "Entity";

    static final String CORE = "Org.OData.Core.V1";
    static final String CAPABILITIES = "Org.OData.Capabilities.V1";

    /** The vocabularies the annotations use, referenced (never fetched) by {@code $metadata}. */
    static final List<EdmxReference> VOCABULARIES = List.of(
            vocabulary("https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml", CORE, "Core"),
            vocabulary("https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml",
                    CAPABILITIES, "Capabilities"));

    private final ServiceModel service;
    private final int maxExpandDepth;
    private final FullQualifiedName containerName;
    private final Map<FullQualifiedName, CsdlEntityType> entityTypes = new LinkedHashMap<>();
    private final Map<FullQualifiedName, org.apache.olingo.commons.api.edm.provider.CsdlComplexType> complexTypes = new LinkedHashMap<>();
    private final Map<String, CsdlEntitySet> entitySets = new LinkedHashMap<>();
    private final Map<FullQualifiedName, List<CsdlAction>> actions = new LinkedHashMap<>();
    private final Map<FullQualifiedName, List<CsdlFunction>> functions = new LinkedHashMap<>();
    private final CsdlSchema schema;

    JpaEdmProvider(ServiceModel service, int maxExpandDepth) {
        this.service = service;
        this.maxExpandDepth = maxExpandDepth;
        this.containerName = new FullQualifiedName(service.namespace(), service.containerName());
        for (EntitySetModel set : service.entitySets()) {
            for (ComplexCollectionModel collection : set.complexCollections()) {
                complexTypes.putIfAbsent(new FullQualifiedName(service.namespace(), collection.typeName()),
                        new org.apache.olingo.commons.api.edm.provider.CsdlComplexType().setName(collection.typeName())
                                .setProperties(new ArrayList<>(collection.properties().stream().map(this::property).toList())));
            }
            entityTypes.put(typeName(set), entityType(set));
            entitySets.put(set.name(), entitySet(set));
            for (OperationModel operation : set.operations()) {
                FullQualifiedName name = new FullQualifiedName(service.namespace(), operation.name());
                if (operation.action()) {
                    actions.computeIfAbsent(name, n -> new ArrayList<>()).add(action(set, operation));
                } else {
                    functions.computeIfAbsent(name, n -> new ArrayList<>()).add(function(set, operation));
                }
            }
        }
        CsdlEntityContainer container = new CsdlEntityContainer()
                .setName(service.containerName())
                .setEntitySets(new ArrayList<>(entitySets.values()))
                .setAnnotations(serviceCapabilities());
        schema = new CsdlSchema()
                .setNamespace(service.namespace())
                .setEntityTypes(new ArrayList<>(entityTypes.values()))
                .setComplexTypes(new ArrayList<>(complexTypes.values()))
                .setActions(actions.values().stream().flatMap(List::stream).toList())
                .setFunctions(functions.values().stream().flatMap(List::stream).toList())
                .setEntityContainer(container);
    }

    FullQualifiedName typeName(EntitySetModel set) {
        return new FullQualifiedName(service.namespace(), set.typeName());
    }

    /** A bound action: its binding parameter is the entity it is invoked on; its entity set path returns to that set. */
    private CsdlAction action(EntitySetModel set, OperationModel operation) {
        CsdlAction action = new CsdlAction().setName(operation.name()).setBound(true)
                .setParameters(operationParameters(set, operation));
        returnType(operation).ifPresent(action::setReturnType);
        return action;
    }

    /** A bound function, not composable: its result is what the entity's method computes, not a query to refine. */
    private CsdlFunction function(EntitySetModel set, OperationModel operation) {
        return new CsdlFunction().setName(operation.name()).setBound(true).setComposable(false)
                .setParameters(operationParameters(set, operation))
                .setReturnType(returnType(operation).orElseThrow(
                        () -> new IllegalStateException("The function " + operation.name() + " returns nothing")));
    }

    private List<CsdlParameter> operationParameters(EntitySetModel set, OperationModel operation) {
        List<CsdlParameter> parameters = new ArrayList<>();
        parameters.add(new CsdlParameter().setName(BINDING_PARAMETER).setType(typeName(set)).setNullable(false));
        for (OperationModel.Parameter parameter : operation.odataParameters()) {
            parameters.add(new CsdlParameter().setName(parameter.name())
                    .setType(EdmPrimitiveTypeKind.valueOf(parameter.edmType()).getFullQualifiedName())
                    .setNullable(parameter.nullable())
                    .setPrecision(parameter.precision())
                    .setScale(parameter.scale())
                    .setMaxLength(parameter.maxLength()));
        }
        return parameters;
    }

    private java.util.Optional<CsdlReturnType> returnType(OperationModel operation) {
        OperationModel.Result result = operation.result();
        if (result.isNone()) {
            return java.util.Optional.empty();
        }
        FullQualifiedName type = result.entitySet() != null
                ? typeName(service.entitySet(result.entitySet()).orElseThrow())
                : EdmPrimitiveTypeKind.valueOf(result.edmType()).getFullQualifiedName();
        return java.util.Optional.of(new CsdlReturnType().setType(type).setCollection(result.collection())
                .setNullable(result.entitySet() == null));
    }

    private CsdlEntityType entityType(EntitySetModel set) {
        List<CsdlProperty> properties = new ArrayList<>(set.properties().stream().map(this::property).toList());
        for (ComplexCollectionModel collection : set.complexCollections()) {
            properties.add(new CsdlProperty().setName(collection.name()).setCollection(true).setNullable(false)
                    .setType(new FullQualifiedName(service.namespace(), collection.typeName())));
        }
        List<CsdlNavigationProperty> navigations = set.navigations().stream().map(this::navigation).toList();
        return new CsdlEntityType()
                .setName(set.typeName())
                .setKey(List.of(new CsdlPropertyRef().setName(set.key().name())))
                .setProperties(new ArrayList<>(properties))
                .setNavigationProperties(new ArrayList<>(navigations));
    }

    private CsdlProperty property(PropertyModel property) {
        CsdlProperty csdl = new CsdlProperty()
                .setName(property.name())
                .setType(EdmPrimitiveTypeKind.valueOf(property.edmType()).getFullQualifiedName())
                .setNullable(property.nullable());
        if (property.maxLength() != null) {
            csdl.setMaxLength(property.maxLength());
        }
        if (property.precision() != null) {
            csdl.setPrecision(property.precision()).setScale(property.scale());
        }
        if (property.edmType().equals("DateTimeOffset")) {
            // Microseconds, as the databases store them: a value read back compares equal with eq.
            csdl.setPrecision(6);
        }
        if (property.readOnly()) {
            csdl.setAnnotations(List.of(flag(CORE + ".Computed")));
        } else if (property.immutable()) {
            csdl.setAnnotations(List.of(flag(CORE + ".Immutable")));
        }
        return csdl;
    }

    private CsdlNavigationProperty navigation(NavigationModel navigation) {
        EntitySetModel target = service.entitySetOf(navigation.targetType()).orElseThrow();
        CsdlNavigationProperty csdl = new CsdlNavigationProperty()
                .setName(navigation.name())
                .setType(typeName(target))
                .setCollection(navigation.collection())
                .setPartner(navigation.partner());
        if (!navigation.collection()) {
            csdl.setNullable(navigation.nullable());
        }
        return csdl;
    }

    private CsdlEntitySet entitySet(EntitySetModel set) {
        List<CsdlNavigationPropertyBinding> bindings = set.navigations().stream()
                .map(n -> new CsdlNavigationPropertyBinding()
                        .setPath(n.name())
                        .setTarget(service.entitySetOf(n.targetType()).orElseThrow().name()))
                .toList();
        List<CsdlAnnotation> annotations = new ArrayList<>();
        annotations.add(new CsdlAnnotation().setTerm(CAPABILITIES + ".ExpandRestrictions").setExpression(new CsdlRecord()
                .setPropertyValues(List.of(
                        new CsdlPropertyValue().setProperty("Expandable").setValue(constant(ConstantExpressionType.Bool, "true")),
                        new CsdlPropertyValue().setProperty("MaxLevels")
                                .setValue(constant(ConstantExpressionType.Int, Integer.toString(maxExpandDepth)))))));
        annotations.addAll(setCapabilities(set));
        if (!set.insertable()) {
            annotations.add(restriction("InsertRestrictions", "Insertable"));
        }
        if (!set.updatable()) {
            annotations.add(restriction("UpdateRestrictions", "Updatable"));
        }
        if (!set.deletable()) {
            annotations.add(restriction("DeleteRestrictions", "Deletable"));
        }
        if (set.versionAttribute() != null) {
            // The ETag comes from a version the platform keeps, which changes whenever any property changes: the
            // annotation lists them all. (An empty collection, "not told", is valid too, but Olingo's own client
            // misreads the container that holds one.)
            annotations.add(new CsdlAnnotation().setTerm(CORE + ".OptimisticConcurrency").setExpression(new CsdlCollection()
                    .setItems(set.properties().stream()
                            .<org.apache.olingo.commons.api.edm.provider.annotation.CsdlExpression>map(p ->
                                    new org.apache.olingo.commons.api.edm.provider.annotation.CsdlPropertyPath().setValue(p.name()))
                            .toList())));
        }
        return new CsdlEntitySet()
                .setName(set.name())
                .setType(typeName(set))
                .setNavigationPropertyBindings(new ArrayList<>(bindings))
                .setAnnotations(annotations);
    }

    /**
     * What the service as a whole offers, for clients that adapt to it: OData 4.01 Advanced, batches in both formats
     * with references between requests, no asynchronous requests, no cross joins, keys in parentheses.
     */
    private static List<CsdlAnnotation> serviceCapabilities() {
        return List.of(
                new CsdlAnnotation().setTerm(CAPABILITIES + ".ConformanceLevel")
                        .setExpression(constant(ConstantExpressionType.EnumMember, CAPABILITIES + ".ConformanceLevelType/Advanced")),
                value("BatchSupported", true),
                new CsdlAnnotation().setTerm(CAPABILITIES + ".BatchSupport").setExpression(new CsdlRecord().setPropertyValues(List.of(
                        property("Supported", true),
                        property("ReferencesInRequestBodiesSupported", true),
                        property("RequestDependencyConditionsSupported", true),
                        new CsdlPropertyValue().setProperty("SupportedFormats").setValue(new CsdlCollection().setItems(List.of(
                                constant(ConstantExpressionType.String, "multipart/mixed"),
                                constant(ConstantExpressionType.String, "application/json"))))))),
                value("AsynchronousRequestsSupported", false),
                value("CrossJoinSupported", false),
                value("KeyAsSegmentSupported", false));
    }

    /** What one entity set offers beyond the defaults: paging, counting, searching, change tracking, deep writes. */
    private static List<CsdlAnnotation> setCapabilities(EntitySetModel set) {
        return List.of(
                value("TopSupported", true),
                value("SkipSupported", true),
                record("CountRestrictions", property("Countable", true)),
                record("SearchRestrictions", property("Searchable", !set.searchable().isEmpty())),
                record("ChangeTracking", property("Supported", set.changeLogged())),
                record("DeepInsertSupport", property("Supported", set.insertable()), property("ContentIDSupported", true)),
                record("DeepUpdateSupport", property("Supported", set.updatable())));
    }

    private static CsdlAnnotation value(String term, boolean value) {
        return new CsdlAnnotation().setTerm(CAPABILITIES + "." + term).setExpression(constant(ConstantExpressionType.Bool,
                Boolean.toString(value)));
    }

    private static CsdlAnnotation record(String term, CsdlPropertyValue... values) {
        return new CsdlAnnotation().setTerm(CAPABILITIES + "." + term).setExpression(new CsdlRecord().setPropertyValues(List.of(values)));
    }

    private static CsdlPropertyValue property(String name, boolean value) {
        return new CsdlPropertyValue().setProperty(name).setValue(constant(ConstantExpressionType.Bool, Boolean.toString(value)));
    }

    /** {@code Capabilities.<term>} saying that clients may not do it: {@code {"Insertable": false}}. */
    private static CsdlAnnotation restriction(String term, String property) {
        return new CsdlAnnotation().setTerm(CAPABILITIES + "." + term).setExpression(new CsdlRecord().setPropertyValues(List.of(
                new CsdlPropertyValue().setProperty(property).setValue(constant(ConstantExpressionType.Bool, "false")))));
    }

    private static CsdlAnnotation flag(String term) {
        return new CsdlAnnotation().setTerm(term).setExpression(constant(ConstantExpressionType.Bool, "true"));
    }

    private static CsdlConstantExpression constant(ConstantExpressionType type, String value) {
        return new CsdlConstantExpression(type, value);
    }

    private static EdmxReference vocabulary(String uri, String namespace, String alias) {
        EdmxReference reference = new EdmxReference(URI.create(uri));
        reference.addInclude(new EdmxReferenceInclude(namespace, alias));
        return reference;
    }

    /**
     * The vocabulary terms the annotations use, as far as Olingo needs them to write an annotation: their names and
     * types. They are defined by the referenced vocabularies, not by this service's schema.
     */
    private static final Map<FullQualifiedName, CsdlTerm> TERMS = Map.ofEntries(
            term(CORE, "Computed", "Org.OData.Core.V1.Tag"),
            term(CORE, "Immutable", "Org.OData.Core.V1.Tag"),
            term(CORE, "OptimisticConcurrency", "Collection(Edm.PropertyPath)"),
            capability("ExpandRestrictions", "Org.OData.Capabilities.V1.ExpandRestrictionsType"),
            capability("InsertRestrictions", "Org.OData.Capabilities.V1.InsertRestrictionsType"),
            capability("UpdateRestrictions", "Org.OData.Capabilities.V1.UpdateRestrictionsType"),
            capability("DeleteRestrictions", "Org.OData.Capabilities.V1.DeleteRestrictionsType"),
            capability("ConformanceLevel", "Org.OData.Capabilities.V1.ConformanceLevelType"),
            capability("BatchSupported", "Org.OData.Core.V1.Tag"),
            capability("BatchSupport", "Org.OData.Capabilities.V1.BatchSupportType"),
            capability("AsynchronousRequestsSupported", "Org.OData.Core.V1.Tag"),
            capability("CrossJoinSupported", "Org.OData.Core.V1.Tag"),
            capability("KeyAsSegmentSupported", "Org.OData.Core.V1.Tag"),
            capability("TopSupported", "Org.OData.Core.V1.Tag"),
            capability("SkipSupported", "Org.OData.Core.V1.Tag"),
            capability("CountRestrictions", "Org.OData.Capabilities.V1.CountRestrictionsType"),
            capability("SearchRestrictions", "Org.OData.Capabilities.V1.SearchRestrictionsType"),
            capability("ChangeTracking", "Org.OData.Capabilities.V1.ChangeTrackingType"),
            capability("DeepInsertSupport", "Org.OData.Capabilities.V1.DeepInsertSupportType"),
            capability("DeepUpdateSupport", "Org.OData.Capabilities.V1.DeepUpdateSupportType"));

    private static Map.Entry<FullQualifiedName, CsdlTerm> capability(String name, String type) {
        return term(CAPABILITIES, name, type);
    }

    private static Map.Entry<FullQualifiedName, CsdlTerm> term(String namespace, String name, String type) {
        return Map.entry(new FullQualifiedName(namespace, name), new CsdlTerm().setName(name).setType(type));
    }

    @Override
    public CsdlTerm getTerm(FullQualifiedName name) {
        return TERMS.get(name);
    }

    @Override
    public List<CsdlAction> getActions(FullQualifiedName name) {
        return actions.get(name);
    }

    @Override
    public List<CsdlFunction> getFunctions(FullQualifiedName name) {
        return functions.get(name);
    }

    @Override
    public CsdlEntityType getEntityType(FullQualifiedName name) {
        return entityTypes.get(name);
    }

    @Override
    public org.apache.olingo.commons.api.edm.provider.CsdlComplexType getComplexType(FullQualifiedName name) {
        return complexTypes.get(name);
    }

    @Override
    public CsdlEntitySet getEntitySet(FullQualifiedName container, String name) {
        return containerName.equals(container) ? entitySets.get(name) : null;
    }

    @Override
    public CsdlEntityContainer getEntityContainer() {
        return schema.getEntityContainer();
    }

    @Override
    public CsdlEntityContainerInfo getEntityContainerInfo(FullQualifiedName name) {
        if (name == null || containerName.equals(name)) {
            return new CsdlEntityContainerInfo().setContainerName(containerName);
        }
        return null;
    }

    @Override
    public List<CsdlSchema> getSchemas() {
        return List.of(schema);
    }
}
