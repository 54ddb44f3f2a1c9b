package de.deutschlandstack.ai.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The files of every registered model version: {@code <root>/<tenant>/<name>/<version>/}, each a model directory in
 * DJL Serving's layout. Uploads are unpacked beside (in {@code <root>/.incoming}) and moved into place only once the
 * registry has accepted them.
 */
public final class ModelStore {

    private final Path root;

    private final ModelArchive archive;

    public ModelStore(Path root, ModelArchive archive) {
        this.root = root.toAbsolutePath().normalize();
        this.archive = archive;
    }

    /** An upload unpacked where nothing serves it yet; {@link #place} or {@link #discard} it. */
    public record Incoming(Path folder, Path modelDirectory) {
    }

    /** An empty folder beside the store for a model directory made here (a training's result). */
    public Incoming newIncoming() throws IOException {
        Path folder = Files.createDirectories(root.resolve(".incoming").resolve(UUID.randomUUID().toString()));
        return new Incoming(folder, folder);
    }

    public Incoming unpack(InputStream zip) throws IOException {
        Path folder = root.resolve(".incoming").resolve(UUID.randomUUID().toString());
        try {
            return new Incoming(folder, archive.unpack(zip, folder));
        } catch (IOException | RuntimeException e) {
            delete(folder);
            throw e;
        }
    }

    /** Moves an accepted upload to its version's place and returns that directory. */
    public Path place(Incoming incoming, String tenant, String name, String version) throws IOException {
        Path target = directory(tenant, name, version);
        delete(target);
        Files.createDirectories(target.getParent());
        Files.move(incoming.modelDirectory(), target, StandardCopyOption.ATOMIC_MOVE);
        if (!incoming.folder().equals(incoming.modelDirectory())) {
            delete(incoming.folder());
        }
        return target;
    }

    public void discard(Incoming incoming) {
        delete(incoming.folder());
    }

    public Path directory(String tenant, String name, String version) {
        return root.resolve(tenant).resolve(name).resolve(version);
    }

    /** Where a deployed module's model lies, copied from the module's resources: shared by every tenant that enables it. */
    public Path moduleDirectory(String service, String model, String version) {
        return root.resolve(".modules").resolve(service).resolve(model).resolve(version);
    }

    public void deleteModuleService(String service) {
        delete(root.resolve(".modules").resolve(service));
    }

    public void deleteVersion(String tenant, String name, String version) {
        delete(directory(tenant, name, version));
    }

    public void deleteModel(String tenant, String name) {
        delete(root.resolve(tenant).resolve(name));
    }

    public void deleteTenant(String tenant) {
        delete(root.resolve(tenant));
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
