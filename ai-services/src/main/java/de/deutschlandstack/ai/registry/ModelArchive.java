package de.deutschlandstack.ai.registry;

import de.deutschlandstack.ai.serving.InvalidModel;
import de.deutschlandstack.ai.serving.ServingProperties;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * An uploaded model directory, as a zip archive in DJL Serving's layout ({@code serving.properties} and the model's
 * files, at the top or in one folder). Unpacked with bounds (entries, bytes) and without code: an upload never brings
 * classes, jars, sources, scripts or native libraries ({@code libs/}, {@code *.jar}, {@code *.class}, {@code *.java},
 * {@code *.py}, {@code *.so}, ...), since DJL would load or compile them in the server. Code comes only with a module a
 * platform operator deployed.
 */
public final class ModelArchive {

    /** Names that are code in some runtime DJL or a Python handler would load. */
    private static final List<String> CODE = List.of(".jar", ".class", ".java", ".py", ".pyc", ".so", ".dll", ".dylib",
            ".sh", ".bat", ".cmd", ".exe", ".jsp", ".war", ".ear", ".zip");

    private final int maxEntries;

    private final long maxBytes;

    public ModelArchive(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * Unpacks the archive into {@code target} (which must not exist) and returns the directory that holds
     * {@code serving.properties}.
     */
    public Path unpack(InputStream archive, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toRealPath();
        long bytes = 0;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(archive)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > maxEntries) {
                    throw new InvalidModel("The archive has more than " + maxEntries + " entries");
                }
                String name = entry.getName().replace('\\', '/');
                refuseCode(name);
                Path path = root.resolve(name).normalize();
                if (!path.startsWith(root) || name.startsWith("/") || name.contains("../") || name.equals("..")) {
                    throw new InvalidModel("The archive's entry " + printable(name) + " points outside the model directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                try (OutputStream out = Files.newOutputStream(path)) {
                    byte[] buffer = new byte[64 * 1024];
                    int read;
                    while ((read = zip.read(buffer)) > 0) {
                        bytes += read;
                        if (bytes > maxBytes) {
                            throw new InvalidModel("The model is larger than " + (maxBytes >> 20) + " MiB unpacked");
                        }
                        out.write(buffer, 0, read);
                    }
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            throw new InvalidModel("The body is not a zip archive of a model directory: " + e.getMessage());
        }
        if (entries == 0) {
            throw new InvalidModel("The body is not a zip archive of a model directory (no entries)");
        }
        return modelDirectory(root);
    }

    private static void refuseCode(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("libs/") || lower.contains("/libs/") || lower.equals("libs")) {
            throw new InvalidModel("An uploaded model cannot bring code (" + printable(name)
                    + "); code comes with a module the operator deploys");
        }
        for (String suffix : CODE) {
            if (lower.endsWith(suffix)) {
                throw new InvalidModel("An uploaded model cannot bring code (" + printable(name)
                        + "); code comes with a module the operator deploys");
            }
        }
    }

    /** serving.properties at the top, or in the archive's one top folder. */
    private static Path modelDirectory(Path root) throws IOException {
        if (Files.isRegularFile(root.resolve(ServingProperties.FILE_NAME))) {
            return root;
        }
        try (var children = Files.list(root)) {
            List<Path> all = children.toList();
            if (all.size() == 1 && Files.isDirectory(all.get(0))
                    && Files.isRegularFile(all.get(0).resolve(ServingProperties.FILE_NAME))) {
                return all.get(0);
            }
        }
        throw new InvalidModel("The archive has no " + ServingProperties.FILE_NAME + " at its top or in its one folder");
    }

    private static String printable(String name) {
        String cleaned = name.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 120 ? cleaned.substring(0, 120) + "..." : cleaned;
    }
}
