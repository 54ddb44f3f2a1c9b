package de.deutschlandstack.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The AI services in the real server: a tenant admin registers a model directory (DJL Serving's layout, zipped), the
 * tenant's users predict with it over REST, the served answers are DJL's own, and bad input, foreign code, failing
 * models, other tenants and floods are each answered as the issue says.
 */
class AiServingIT extends PlatformIT {

    private static final String FEATURES = "amount,daysToDue,priorDelays";
    private static final int[] HIDDEN = {16, 8};

    private static String unique(String name) {
        return name + "-" + Long.toString(System.nanoTime(), 36);
    }

    private ODataClient.Response register(String user, String name, String version, byte[] zip) {
        return as(user).aiUpload("/models?name=" + name + "&version=" + version, zip, "application/zip");
    }

    /**
     * The served answer is DJL's own, up to float rounding: a batch of several rows may take another path through the
     * CPU's kernels than one row alone (a few units in the last place of a float).
     */
    private static void assertSame(double served, float inProcess) {
        assertThat((float) served).isCloseTo(inProcess, within(1e-4f + Math.abs(inProcess) * 1e-5f));
    }

    private static void assertProblem(ODataClient.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText()).contains(detail);
    }

    @Test
    void aTenantAdminRegistersAModelAndTheTenantsUsersGetDjlsOwnPredictions() throws Exception {
        AiModels.Directory model = AiModels.tabularNetwork(FEATURES, "risk", HIDDEN, "batch_size=8\nmax_batch_delay=5");
        String name = unique("payment-risk");
        ODataClient.Response registered = register(ANNA, name, "1", model.zip());
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        JsonNode view = registered.json();
        assertThat(view.path("status").asText()).isEqualTo("READY");
        assertThat(view.path("active").asBoolean()).isTrue();
        assertThat(view.path("placedOn").asText()).isEqualTo("cpu()");
        assertThat(view.path("batchSize").asInt()).isEqualTo(8);
        assertThat(registered.header("Location").orElseThrow()).endsWith("/ai/v1/models/" + name + "/versions/1");

        float[][] rows = {{1200.5f, 30, 0}, {99.9f, -5, 3}};
        float[][] expected = model.predictInProcess(HIDDEN, 1, rows);
        // Lea reads the tenant's books and may predict; instances by name or as arrays in the features' order.
        ODataClient.Response byName = as(LEA).ai("POST", "/models/" + name + "/predict", """
                {"instances": [{"amount": 1200.5, "daysToDue": 30, "priorDelays": 0},
                               {"priorDelays": 3, "amount": 99.9, "daysToDue": -5}]}""");
        assertThat(byName.status()).as(byName.body()).isEqualTo(200);
        assertThat(byName.json().path("version").asText()).isEqualTo("1");
        JsonNode predictions = byName.json().path("predictions");
        assertThat(predictions).hasSize(2);
        for (int i = 0; i < rows.length; i++) {
            assertSame(predictions.get(i).path("risk").asDouble(), expected[i][0]);
        }
        ODataClient.Response byArray = as(ANNA).ai("POST", "/models/" + name + "/versions/1/predict",
                "{\"instances\": [[1200.5, 30, 0]]}");
        assertSame(byArray.json().path("predictions").get(0).path("risk").asDouble(), expected[0][0]);

        JsonNode metrics = as(ANNA).ai("GET", "/models/" + name + "/versions/1", null).json().path("metrics");
        assertThat(metrics.path("requests").asLong()).isEqualTo(2);
        assertThat(metrics.path("rows").asLong()).isEqualTo(3);
        assertThat(metrics.path("p50Millis").isNumber()).isTrue();

        // The same figures in the platform's metrics registry, as Prometheus scrapes it: the model's answers per tenant and
        // model with their latency histogram, and the prediction requests under the AI API.
        String answered = "platform_model_predictions_seconds_count{WF_DEPLOYMENT=\"platform.ear\",model=\"" + name
                + "\",outcome=\"answered\",tenant=\"stadt-muenchen\"}";
        String allBuckets = "platform_model_latency_seconds_total{WF_DEPLOYMENT=\"platform.ear\",le=\"+Inf\",model=\"" + name
                + "\",tenant=\"stadt-muenchen\"}";
        String requests = "platform_requests_seconds_count{WF_DEPLOYMENT=\"platform.ear\",api=\"ai\",method=\"POST\","
                + "resource=\"models/predict\",status=\"200\"}";
        String scraped = ObservabilityIT.metrics();
        for (int wait = 0; wait < 50 && (ObservabilityIT.value(scraped, requests) < 2 || ObservabilityIT.value(scraped, answered) < 2); wait++) {
            Thread.sleep(100); // both are counted just after the client has its answer
            scraped = ObservabilityIT.metrics();
        }
        assertThat(ObservabilityIT.value(scraped, answered)).as(answered).isEqualTo(2);
        assertThat(ObservabilityIT.value(scraped, allBuckets)).as(allBuckets).isEqualTo(2);
        assertThat(ObservabilityIT.value(scraped, requests)).as(requests).isGreaterThanOrEqualTo(2);

        // An unregistered model leaves no series behind: new names cannot grow the registry.
        assertThat(as(ANNA).ai("DELETE", "/models/" + name, null).status()).isEqualTo(204);
        assertThat(ObservabilityIT.metrics()).doesNotContain("model=\"" + name + "\"");
    }

    @Test
    void badInputIsA400ThatNamesTheExpectedSchema() {
        String name = unique("schema");
        assertThat(register(ANNA, name, "1", AiModels.tabularNetwork(FEATURES, "risk", HIDDEN, "").zip()).status()).isEqualTo(201);
        String path = "/models/" + name + "/predict";
        String schema = "Expected {\"instances\": [{\"amount\": number, \"daysToDue\": number, \"priorDelays\": number}]}";
        ODataClient anna = as(ANNA);
        assertProblem(anna.ai("POST", path, "{\"instances\": [{\"amount\": 1, \"daysToDue\": 2}]}"), 400, schema);
        assertProblem(anna.ai("POST", path, "{\"instances\": [{\"amount\": 1, \"daysToDue\": 2}]}"), 400, "lacks \"priorDelays\"");
        assertProblem(anna.ai("POST", path, "{\"instances\": [{\"amount\": \"1\", \"daysToDue\": 2, \"priorDelays\": 0}]}"),
                400, "\"amount\" is not a finite number");
        assertProblem(anna.ai("POST", path, "{\"instances\": [{\"amount\": 1, \"daysToDue\": 2, \"priorDelays\": 0, \"x\": 1}]}"),
                400, "members the model does not read: [x]");
        assertProblem(anna.ai("POST", path, "{\"instances\": [[1, 2]]}"), 400, "has 2 values, not 3");
        assertProblem(anna.ai("POST", path, "{\"instances\": [[1, 2, 1e999]]}"), 400, "not a finite number");
        assertProblem(anna.ai("POST", path, "{\"instances\": []}"), 400, "has 0 instances");
        assertProblem(anna.ai("POST", path, "{\"rows\": [[1, 2, 3]]}"), 400, "no array \"instances\"");
        assertProblem(anna.ai("POST", path, "{\"instances\": [[1, 2, 3]"), 400, "not JSON");
        StringBuilder many = new StringBuilder("{\"instances\": [[1,2,3]");
        for (int i = 0; i < 1024; i++) {
            many.append(",[1,2,3]");
        }
        assertProblem(anna.ai("POST", path, many.append("]}").toString()), 400, "has 1025 instances");
        assertProblem(anna.ai("POST", "/models/" + unique("nowhere") + "/predict", "{\"instances\": [[1,2,3]]}"), 404, "No model");
        assertProblem(anna.ai("POST", "/models/" + name + "/versions/9/predict", "{\"instances\": [[1,2,3]]}"), 404, "No model");
    }

    @Test
    void anotherTenantsModelIsInvisibleOnEveryPath() {
        String name = unique("muenchen-only");
        assertThat(register(ANNA, name, "1", AiModels.tabularNetwork(FEATURES, "risk", HIDDEN, "").zip()).status()).isEqualTo(201);
        ODataClient ben = as(BEN);
        assertProblem(ben.ai("GET", "/models/" + name, null), 404, "No model " + name);
        assertProblem(ben.ai("GET", "/models/" + name + "/versions/1", null), 404, "No model");
        assertProblem(ben.ai("POST", "/models/" + name + "/predict", "{\"instances\": [[1,2,3]]}"), 404, "No model");
        assertProblem(ben.ai("POST", "/models/" + name + "/versions/1/predict", "{\"instances\": [[1,2,3]]}"), 404, "No model");
        assertProblem(ben.ai("POST", "/models/" + name + "/versions/1/promote", null), 404, "No model");
        assertProblem(ben.ai("DELETE", "/models/" + name, null), 404, "No model");
        assertThat(ben.ai("GET", "/models", null).json().path("models").findValuesAsText("name")).doesNotContain(name);
        assertThat(ben.ai("GET", "/devices", null).json().path("devices").findValuesAsText("name")).doesNotContain(name);
        // Ben registers the same name for his tenant: a model of his own, not Anna's.
        assertThat(register(BEN, name, "1", AiModels.tabularNetwork("x", "y", new int[]{4}, "").zip()).status()).isEqualTo(201);
        assertThat(as(ANNA).ai("POST", "/models/" + name + "/predict", "{\"instances\": [[1,2,3]]}").status()).isEqualTo(200);
        assertThat(ben.ai("POST", "/models/" + name + "/predict", "{\"instances\": [[1]]}").status()).isEqualTo(200);
        // The operator sees where every tenant's models run.
        assertThat(as(OPERATOR).ai("GET", "/devices", null).json().path("devices").findValuesAsText("tenant"))
                .contains("stadt-muenchen", "bayern-werke");
    }

    @Test
    void anInvoicesPaymentDelayIsAnODataActionThatNeedsTheTenantsModel() {
        // Ben's tenant has trained no payment-delay model (LakeIT trains Anna's): the action says so in OData's format.
        List<JsonNode> bens = as(BEN).get("Invoices?$filter=Kind eq 'CUSTOMER' and Status eq 'PAID'&$top=1&$select=ID").rows();
        List<JsonNode> annasInvoices = as(ANNA).get("Invoices?$top=1&$select=ID").rows();
        org.junit.jupiter.api.Assumptions.assumeTrue(!bens.isEmpty() && !annasInvoices.isEmpty(),
                "the demo's year of invoices (seeded where the suite starts on an empty database)");
        String invoice = bens.get(0).path("ID").asText();
        ODataClient.Response missing = as(BEN).post("Invoices(" + invoice + ")/DeutschlandStack.Erp.PredictPaymentDelay", "{}");
        assertThat(missing.status()).as(missing.body()).isEqualTo(404);
        assertThat(missing.errorMessage()).contains("No model payment-delay-risk");
        // An auditor reads no business objects, and asks no predictions about them.
        String annas = annasInvoices.get(0).path("ID").asText();
        assertThat(as(OTTO).post("Invoices(" + annas + ")/DeutschlandStack.Erp.PredictPaymentDelay", "{}").status()).isEqualTo(403);
        // Anna's invoice is not Ben's to ask about.
        assertThat(as(BEN).post("Invoices(" + annas + ")/DeutschlandStack.Erp.PredictPaymentDelay", "{}").status()).isEqualTo(404);
    }

    @Test
    void anUploadNeverBringsCode() {
        AiModels.Directory model = AiModels.tabularNetwork(FEATURES, "risk", HIDDEN, "");
        String name = unique("code");
        assertProblem(register(ANNA, name, "1", model.with("libs/evil.jar", "PK").zip()), 400, "cannot bring code");
        assertProblem(register(ANNA, name, "1", model.with("Handler.java", "class Handler {}").zip()), 400, "cannot bring code");
        assertProblem(register(ANNA, name, "1", model.with("model.py", "import os").zip()), 400, "cannot bring code");
        assertProblem(register(ANNA, name, "1", model.with("serving.properties",
                model.properties().replace("de.deutschlandstack.ai.training.TabularNetwork", "com.example.Evil")).zip()),
                400, "cannot bring its own code");
        assertProblem(register(ANNA, name, "1", model.with("serving.properties",
                model.properties() + "\ntranslatorFactory=com.example.Evil\n").zip()), 400, "translatorFactory is code");
        assertProblem(register(ANNA, name, "1", model.with("../../escape.txt", "x").zip()), 400, "outside the model directory");
        assertProblem(register(ANNA, name, "1", "not a zip".getBytes()), 400, "not a zip archive");
        assertProblem(register(ANNA, name, "1", AiModels.Directory.zip(Map.of("model-0000.params", new byte[]{1}))), 400,
                "no serving.properties");
        assertProblem(register(ANNA, name, "1", model.with("serving.properties", "engine=TensorFlow\nfeatures=a").zip()), 400,
                "not one the platform runs");
        assertProblem(register(ANNA, "Bad%20Name", "1", model.zip()), 400, "A model's name");
        // Nothing of the refused uploads was registered.
        assertProblem(as(ANNA).ai("GET", "/models/" + name, null), 404, "No model");
        // Registering is the tenant admin's; a reader may not, an auditor may not even predict.
        assertProblem(register(LEA, name, "1", model.zip()), 403, "tenant-admin");
        assertThat(register(ANNA, name, "1", model.zip()).status()).isEqualTo(201);
        assertProblem(as(OTTO).ai("POST", "/models/" + name + "/predict", "{\"instances\": [[1,2,3]]}"), 403, "Predicting");
        assertProblem(register(ANNA, name, "1", model.zip()), 409, "has a version 1 already");
    }

    @Test
    void aModelThatFailsToLoadIsFailedWithItsReasonWhileTheOthersServe() {
        AiModels.Directory good = AiModels.tabularNetwork(FEATURES, "risk", HIDDEN, "");
        String goodName = unique("good");
        assertThat(register(ANNA, goodName, "1", good.zip()).status()).isEqualTo(201);
        // Trained on three features; the properties claim two.
        AiModels.Directory bad = good.with("serving.properties", good.properties().replace(FEATURES, "amount,daysToDue"));
        String badName = unique("bad");
        ODataClient.Response registered = register(ANNA, badName, "1", bad.zip());
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().path("status").asText()).isEqualTo("FAILED");
        assertThat(registered.json().path("reason").asText()).contains("shapes cannot be multiplied");
        assertProblem(as(ANNA).ai("POST", "/models/" + badName + "/predict", "{\"instances\": [[1,2]]}"), 409, "failed to load");
        assertThat(as(ANNA).ai("POST", "/models/" + goodName + "/predict", "{\"instances\": [[1,2,3]]}").status()).isEqualTo(200);
        // The failed version goes, like any other.
        assertThat(as(ANNA).ai("DELETE", "/models/" + badName, null).status()).isEqualTo(204);
        assertProblem(as(ANNA).ai("GET", "/models/" + badName, null), 404, "No model");
    }

    @Test
    void versionsArePromotedRolledBackScaledAndUnregistered() {
        String name = unique("demand");
        AiModels.Directory first = AiModels.tabularNetwork(FEATURES, "risk", HIDDEN, "");
        AiModels.Directory second = AiModels.tabularNetwork(FEATURES, "risk", HIDDEN, "");
        ODataClient anna = as(ANNA);
        assertThat(register(ANNA, name, "1", first.zip()).status()).isEqualTo(201);
        ODataClient.Response two = register(ANNA, name, "2", second.zip());
        assertThat(two.json().path("active").asBoolean()).isFalse();
        String predict = "/models/" + name + "/predict";
        String body = "{\"instances\": [[1,2,3]]}";
        assertThat(anna.ai("POST", predict, body).json().path("version").asText()).isEqualTo("1");

        assertThat(anna.ai("POST", "/models/" + name + "/versions/2/promote", null).json().path("active").asBoolean()).isTrue();
        JsonNode promoted = anna.ai("POST", predict, body).json();
        assertThat(promoted.path("version").asText()).isEqualTo("2");
        assertSame(promoted.path("predictions").get(0).path("risk").asDouble(),
                second.predictInProcess(HIDDEN, 1, new float[][]{{1, 2, 3}})[0][0]);
        assertProblem(anna.ai("DELETE", "/models/" + name + "/versions/2", null), 409, "active version");
        // Rolling back is promoting the older version again.
        anna.ai("POST", "/models/" + name + "/versions/1/promote", null);
        assertThat(anna.ai("POST", predict, body).json().path("version").asText()).isEqualTo("1");

        JsonNode scaled = anna.ai("PUT", "/models/" + name + "/versions/1/workers", "{\"minWorkers\": 2, \"maxWorkers\": 3}").json();
        assertThat(scaled.path("minWorkers").asInt()).isEqualTo(2);
        assertThat(scaled.path("maxWorkers").asInt()).isEqualTo(3);
        assertProblem(anna.ai("PUT", "/models/" + name + "/versions/1/workers", "{\"minWorkers\": 3, \"maxWorkers\": 2}"),
                400, "Workers");
        assertThat(anna.ai("POST", predict, body).status()).isEqualTo(200);

        List<String> names = anna.ai("GET", "/models/" + name, null).json().path("models").findValuesAsText("version");
        assertThat(names).containsExactly("1", "2");
        assertThat(anna.ai("DELETE", "/models/" + name + "/versions/2", null).status()).isEqualTo(204);
        assertThat(anna.ai("GET", "/models/" + name, null).json().path("models").findValuesAsText("version")).containsExactly("1");
        assertThat(anna.ai("DELETE", "/models/" + name, null).status()).isEqualTo(204);
        assertProblem(anna.ai("POST", predict, body), 404, "No model");

        // Each change of the registry is a configuration record of the tenant's trail, which its auditor reads.
        String filter = "Kind eq 'CONFIGURATION' and ObjectType eq 'AiModels' and startswith(ObjectKey, '" + name + "')";
        ODataClient.Response trail = as(OTTO).getAbsolute(serverRoot() + "/odata/v4/audit/AuditRecords?$orderby=Seq&$filter="
                + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        assertThat(trail.status()).as(trail.body()).isEqualTo(200);
        List<String> records = new ArrayList<>();
        trail.json().path("value").forEach(r -> records.add(r.path("Actor").asText() + " " + r.path("Action").asText() + " "
                + r.path("ObjectKey").asText() + " " + (r.path("Detail").isTextual() ? r.path("Detail").asText() : "null")));
        assertThat(records).containsExactly(
                ANNA + " MODEL_REGISTERED " + name + "/1 engine PyTorch, source UPLOADED",
                ANNA + " MODEL_REGISTERED " + name + "/2 engine PyTorch, source UPLOADED",
                ANNA + " MODEL_PROMOTED " + name + "/2 null",
                ANNA + " MODEL_PROMOTED " + name + "/1 null",
                ANNA + " MODEL_SCALED " + name + "/1 minWorkers 2, maxWorkers 3",
                ANNA + " MODEL_UNREGISTERED " + name + "/2 null",
                ANNA + " MODEL_UNREGISTERED " + name + " every version");
        // The refused changes above (the 409, the 400) recorded nothing; the tenant admin who made them reads no trail.
        assertThat(as(ANNA).getAbsolute(serverRoot() + "/odata/v4/audit/AuditRecords").status()).isEqualTo(403);
    }

    /**
     * A data subject's erasure reaches the models the platform trained on the tenant's data: each trained version is
     * marked for retraining in the model's answer (when, and why: the erased entity set, never the subject); a version
     * the tenant uploaded is not (the platform does not know what it learnt from).
     */
    @Test
    void aDataSubjectsErasureMarksTheTenantsTrainedVersionsForRetraining() throws Exception {
        String password = "ki-passwort-2026";
        String tenant = onboardTenant("ki", password);
        ODataClient chef = as("chef@" + tenant, password);
        String uploaded = unique("upload");
        assertThat(chef.aiUpload("/models?name=" + uploaded + "&version=1", AiModels.tabularNetwork(FEATURES, "risk", HIDDEN, "")
                .zip(), "application/zip").status()).isEqualTo(201);
        // A version as a training registers it (LakeIT trains through the lake; here its row is written as a training writes it).
        String trained = "payment-delay-risk";
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(System.getProperty("it.db.url"),
                System.getProperty("it.db.user"), System.getProperty("it.db.password"));
             java.sql.PreparedStatement insert = db.prepareStatement("insert into ai_model_version (id, tenant, version, name,"
                     + " model_version, engine, source, active, min_workers, max_workers, serving_properties, trained_on,"
                     + " evaluation, registered_at, registered_by) values (?, ?, 0, ?, '1', 'PyTorch', 'TRAINED', true, 1, 1, ?,"
                     + " '{\"dataset\":\"payment-delay\"}', '{}', ?, 'system')")) {
            insert.setLong(1, -System.nanoTime()); // below every id the sequence hands out
            insert.setString(2, tenant);
            insert.setString(3, trained);
            insert.setString(4, "engine=PyTorch\nblockFactory=de.deutschlandstack.ai.training.TabularNetwork\nhidden=4\n"
                    + "features=amount\noutputs=lateProbability\n");
            insert.setObject(5, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1));
            assertThat(insert.executeUpdate()).isOne();
        }
        JsonNode before = chef.ai("GET", "/models/" + trained + "/versions/1", null).json();
        assertThat(before.path("source").asText()).as(before.toString()).isEqualTo("TRAINED");
        assertThat(before.path("retrainingNeededSince").isTextual()).as(before.toString()).isFalse();

        String partner = chef.post("BusinessPartners", """
                {"PartnerNumber":"BP-KI-1","Name":"Erika Mustermann","Role":"CUSTOMER","City":"Hof","Country":"DE"}""")
                .json().path("ID").asText();
        ODataClient.Response erased = chef.api("DELETE", "/privacy/subjects/BusinessPartners/" + partner, null);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);

        JsonNode marked = chef.ai("GET", "/models/" + trained + "/versions/1", null).json();
        assertThat(marked.path("retrainingNeededSince").asText()).as(marked.toString()).isNotBlank();
        assertThat(marked.path("retrainingReason").asText()).matches("A data subject of BusinessPartners was erased at \\S+,"
                + " after this version was trained: it may have learnt from their data; train the service again, promote the new"
                + " version and unregister this one");
        JsonNode notMarked = chef.ai("GET", "/models/" + uploaded + "/versions/1", null).json();
        assertThat(notMarked.path("source").asText()).isEqualTo("UPLOADED");
        assertThat(notMarked.path("retrainingNeededSince").isTextual()).as(notMarked.toString()).isFalse();
    }

    /**
     * One tenant floods its model with far more concurrent predictions than its quota while another tenant predicts: the
     * flood gets 429s with Retry-After beyond its quota, the other tenant gets every answer.
     */
    @Test
    void aTenantFloodingItsModelGets429WhileAnotherTenantIsServed() throws Exception {
        String flooded = unique("flooded");
        String quiet = unique("quiet");
        // Wide layers and many rows per request: each prediction takes a while, so the flood's requests pile up. (Its 17 MB
        // of weights are also more than the 10 MiB a request body may have on any other path than a model's upload.)
        AiModels.Directory heavy = AiModels.tabularNetwork(FEATURES, "risk", new int[]{2048, 2048}, "");
        assertThat(heavy.zip().length).isGreaterThan(10 << 20);
        assertThat(register(ANNA, flooded, "1", heavy.zip()).status()).isEqualTo(201);
        assertThat(register(BEN, quiet, "1", AiModels.tabularNetwork(FEATURES, "risk", HIDDEN, "").zip()).status())
                .isEqualTo(201);
        StringBuilder rows = new StringBuilder("{\"instances\": [[1,2,3]");
        for (int i = 0; i < 255; i++) {
            rows.append(",[").append(i).append(",2,3]");
        }
        String floodBody = rows.append("]}").toString();

        ExecutorService clients = Executors.newFixedThreadPool(48);
        try {
            java.util.concurrent.ConcurrentLinkedQueue<Long> floodAnswered = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.ConcurrentLinkedQueue<Long> othersAnswered = new java.util.concurrent.ConcurrentLinkedQueue<>();
            List<Future<ODataClient.Response>> flood = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                flood.add(clients.submit(() -> {
                    ODataClient.Response response = as(ANNA).ai("POST", "/models/" + flooded + "/predict", floodBody);
                    if (response.status() == 200) {
                        floodAnswered.add(System.nanoTime());
                    }
                    return response;
                }));
            }
            List<Future<ODataClient.Response>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                others.add(clients.submit(() -> {
                    ODataClient.Response response = as(BEN).ai("POST", "/models/" + quiet + "/predict", "{\"instances\": [[1,2,3]]}");
                    othersAnswered.add(System.nanoTime());
                    return response;
                }));
            }
            int ok = 0;
            int overModelQuota = 0;
            for (Future<ODataClient.Response> answer : flood) {
                ODataClient.Response response = answer.get();
                if (response.status() == 200) {
                    ok++;
                } else {
                    // Refused by the AI services' quota of inferences in flight, or before that by the platform's own
                    // bound on a tenant's concurrent requests: both 429 with Retry-After.
                    assertThat(response.status()).as(response.body()).isEqualTo(429);
                    assertThat(response.header("Retry-After")).isPresent();
                    if (response.json().path("detail").asText().contains("inferences in flight, its quota")) {
                        overModelQuota++;
                    }
                }
            }
            assertThat(ok).isPositive();
            assertThat(overModelQuota).isPositive();
            for (Future<ODataClient.Response> answer : others) {
                assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(200);
            }
            // The other tenant was served beside the flood, on the slot the flooding tenant may not take: all its answers
            // came before the flood's last (first come, first served would have queued them behind the flood's work).
            assertThat(java.util.Collections.max(othersAnswered)).isLessThan(java.util.Collections.max(floodAnswered));
        } finally {
            clients.shutdownNow();
        }
        assertThat(as(ANNA).ai("GET", "/models/" + flooded + "/versions/1", null).json().path("metrics").path("requests")
                .asLong()).isPositive();
    }
}
