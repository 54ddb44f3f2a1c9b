package de.deutschlandstack.ai.registry;

import de.deutschlandstack.ai.serving.InvalidModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelArchiveTest {

    private static final String PROPERTIES = "engine=OnnxRuntime\nfeatures=a\n";

    @TempDir
    Path root;

    private final ModelArchive archive = new ModelArchive(10, 1 << 20);

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> model(String prefix) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(prefix + "serving.properties", PROPERTIES.getBytes(StandardCharsets.UTF_8));
        files.put(prefix + "model.onnx", new byte[]{1, 2, 3});
        return files;
    }

    private Path unpack(Map<String, byte[]> files) throws IOException {
        return archive.unpack(new ByteArrayInputStream(zip(files)), root.resolve("target"));
    }

    @Test
    void aModelDirectoryAtTheTopOrInOneFolderIsFound() throws IOException {
        assertThat(Files.readString(unpack(model("")).resolve("serving.properties"))).isEqualTo(PROPERTIES);
        Path nested = archive.unpack(new ByteArrayInputStream(zip(model("risk-model/"))), root.resolve("nested"));
        assertThat(nested.getFileName().toString()).isEqualTo("risk-model");
        assertThat(nested.resolve("model.onnx")).exists();
    }

    @Test
    void codeInAnyFormIsRefused() {
        for (String code : new String[]{"libs/handler.jar", "libs/Handler.class", "Handler.java", "model.py",
                "nested/libs/x.txt", "libtorch_custom.so", "run.sh", "inner.zip"}) {
            Map<String, byte[]> files = model("");
            files.put(code, new byte[]{0});
            assertThatThrownBy(() -> archive.unpack(new ByteArrayInputStream(zip(files)), root.resolve(code.replace('/', '_'))))
                    .as(code).isInstanceOf(InvalidModel.class).hasMessageContaining("cannot bring code");
        }
    }

    @Test
    void entriesThatPointOutsideAreRefusedAndWriteNothingThere() {
        for (String escape : new String[]{"../escaped.txt", "a/../../escaped.txt", "/tmp/escaped.txt"}) {
            Map<String, byte[]> files = model("");
            files.put(escape, new byte[]{0});
            assertThatThrownBy(() -> unpack(files)).as(escape).isInstanceOf(InvalidModel.class)
                    .hasMessageContaining("outside the model directory");
        }
        assertThat(root.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aZipBombStopsAtTheBound() {
        Map<String, byte[]> files = model("");
        files.put("weights.bin", new byte[2 << 20]);
        assertThatThrownBy(() -> unpack(files)).isInstanceOf(InvalidModel.class).hasMessageContaining("larger than 1 MiB");
    }

    @Test
    void tooManyEntriesAreRefused() {
        Map<String, byte[]> files = model("");
        for (int i = 0; i < 10; i++) {
            files.put("part-" + i, new byte[]{0});
        }
        assertThatThrownBy(() -> unpack(files)).isInstanceOf(InvalidModel.class).hasMessageContaining("more than 10 entries");
    }

    @Test
    void aBodyThatIsNoArchiveOrHasNoPropertiesIsRefused() {
        assertThatThrownBy(() -> archive.unpack(new ByteArrayInputStream("not a zip".getBytes()), root.resolve("x")))
                .isInstanceOf(InvalidModel.class).hasMessageContaining("not a zip archive");
        assertThatThrownBy(() -> unpack(Map.of("model.onnx", new byte[]{1}))).isInstanceOf(InvalidModel.class)
                .hasMessageContaining("no serving.properties");
    }
}
