package de.deutschlandstack.ai.serving;

import ai.djl.Device;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Where a model runs. A model's configuration names a device ({@code load_on_devices}, or the registration's
 * {@code device}): {@code cpu}, a GPU index ({@code 0}, {@code gpu0}, {@code gpu(0)}), or {@code auto} (also
 * {@code *} and the default). Automatic placement puts a model on the GPU that holds the fewest models (the lowest
 * index among equals), and on the CPU where no GPU is present or the engine runs on the CPU only in this server
 * (ONNX Runtime's and XGBoost's CPU builds).
 */
public final class Placement {

    /** The policy in words, as the management API shows it. */
    public static final String POLICY = "A model runs on the device its configuration names (cpu, a GPU index); on auto, on the"
            + " GPU holding the fewest models, or on the CPU where there is no GPU or its engine runs on the CPU only";

    /** The engines whose natives in this server can use a GPU. */
    private static final List<String> GPU_ENGINES = List.of("PyTorch");

    private final List<Device> devices;

    public Placement(List<Device> devices) {
        this.devices = List.copyOf(devices);
    }

    /** The device the policy picks, and why, in words the management API shows. */
    public record Decision(Device device, String reason) {
    }

    public Decision place(String requested, String engine, ToIntFunction<Device> modelsOn) {
        String request = requested == null ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        List<Device> gpus = devices.stream().filter(Device::isGpu).toList();
        if (request.equals("cpu") || request.equals("cpu()") || request.equals("-1")) {
            return new Decision(Device.cpu(), "configured: cpu");
        }
        if (request.isEmpty() || request.equals("auto") || request.equals("*") || request.equals("gpu")) {
            if (!GPU_ENGINES.contains(engine)) {
                return new Decision(Device.cpu(), "automatic: " + engine + " runs on the CPU in this server");
            }
            if (gpus.isEmpty()) {
                return new Decision(Device.cpu(), "automatic: no GPU present");
            }
            Device least = gpus.stream().min(Comparator.comparingInt(modelsOn).thenComparingInt(Device::getDeviceId)).orElseThrow();
            return new Decision(least, "automatic: the GPU holding the fewest models");
        }
        String index = request.replaceAll("^gpu\\(?(\\d+)\\)?$", "$1");
        if (!index.matches("\\d{1,3}")) {
            throw new InvalidModel("Device " + requested + " is not cpu, a GPU index or auto");
        }
        int gpu = Integer.parseInt(index);
        if (!GPU_ENGINES.contains(engine)) {
            throw new InvalidModel(engine + " runs on the CPU only in this server; GPU " + gpu + " cannot be used");
        }
        if (gpu >= gpus.size()) {
            throw new InvalidModel("This server has no GPU " + gpu + " (GPUs present: " + gpus.size() + ")");
        }
        return new Decision(Device.gpu(gpu), "configured: gpu " + gpu);
    }

    /** Whether the text names a device as a configuration may ({@code cpu}, {@code auto}, {@code *}, a GPU index). */
    public static boolean isDeviceName(String text) {
        return text.length() <= 16 && text.trim().toLowerCase(Locale.ROOT).matches("cpu|cpu\\(\\)|-1|auto|\\*|gpu|(gpu\\(?)?\\d{1,3}\\)?");
    }

    public List<Device> devices() {
        return devices;
    }
}
