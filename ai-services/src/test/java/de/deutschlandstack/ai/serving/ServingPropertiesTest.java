package de.deutschlandstack.ai.serving;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServingPropertiesTest {

    private static final String BASE = "engine=OnnxRuntime\nfeatures=a,b\n";

    @Test
    void djlServingsKeysAreReadWithTheirDefaults() {
        ServingProperties properties = ServingProperties.parse(BASE + "batch_size=16\nmax_batch_delay=5\nmaxWorkers=3\n"
                + "job_queue_size=50\noutputs=score,label\noption.modelName=risk\n");
        assertThat(properties.engine()).isEqualTo("OnnxRuntime");
        assertThat(properties.features()).containsExactly("a", "b");
        assertThat(properties.outputs()).containsExactly("score", "label");
        assertThat(properties.batchSize()).isEqualTo(16);
        assertThat(properties.maxBatchDelayMillis()).isEqualTo(5);
        assertThat(properties.minWorkers()).isEqualTo(1);
        assertThat(properties.maxWorkers()).isEqualTo(3);
        assertThat(properties.jobQueueSize()).isEqualTo(50);
        assertThat(properties.options()).containsEntry("modelName", "risk");
        ServingProperties defaults = ServingProperties.parse(BASE);
        assertThat(defaults.batchSize()).isEqualTo(1);
        assertThat(defaults.maxBatchDelayMillis()).isEqualTo(100);
        assertThat(defaults.jobQueueSize()).isEqualTo(1000);
        assertThat(defaults.outputs()).containsExactly("score");
        assertThat(defaults.loadOnDevices()).isEqualTo("auto");
    }

    @Test
    void engineOptionsThatLoadWriteOrReadOtherFilesAreRefused() {
        for (String option : new String[]{"option.customOpLibrary=/tmp/libevil.so", "option.profilerOutput=/etc/x",
                "option.interOpNumThreads=64", "option.modelName=../other-tenant/model", "option.modelName=/abs/model",
                "option.extraFiles=/etc/passwd"}) {
            assertThatThrownBy(() -> ServingProperties.parse(BASE + option)).as(option).isInstanceOf(InvalidModel.class);
        }
    }

    @Test
    void boundsAndMalformedValuesAreRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> ServingProperties.parse(BASE + "batch_size=0")).hasMessageContaining("batch_size");
        assertThatThrownBy(() -> ServingProperties.parse(BASE + "batch_size=100000")).hasMessageContaining("batch_size");
        assertThatThrownBy(() -> ServingProperties.parse(BASE + "job_queue_size=x")).hasMessageContaining("job_queue_size");
        assertThatThrownBy(() -> ServingProperties.parse(BASE + "minWorkers=4\nmaxWorkers=2")).hasMessageContaining("maxWorkers");
        assertThatThrownBy(() -> ServingProperties.parse("engine=OnnxRuntime\nfeatures=a,A")).hasMessageContaining("twice");
        assertThatThrownBy(() -> ServingProperties.parse("engine=OnnxRuntime\nfeatures=a b")).hasMessageContaining("not a name");
        assertThatThrownBy(() -> ServingProperties.parse("engine=OnnxRuntime")).hasMessageContaining("names no features");
        assertThatThrownBy(() -> ServingProperties.parse("features=a")).hasMessageContaining("names no engine");
        assertThatThrownBy(() -> ServingProperties.parse(BASE + "x=\\uZZZZ")).isInstanceOf(InvalidModel.class);
        assertThatThrownBy(() -> ServingProperties.parse(BASE + "#".repeat(20_000))).hasMessageContaining("longer than");
    }

    @Test
    void deviceNamesAreCpuAGpuIndexOrAuto() {
        for (String name : new String[]{"cpu", "CPU", "auto", "*", "0", "gpu1", "gpu(2)", "-1"}) {
            assertThat(Placement.isDeviceName(name)).as(name).isTrue();
        }
        for (String name : new String[]{"tpu", "gpu(x)", "0;1", "x".repeat(20), "../cpu"}) {
            assertThat(Placement.isDeviceName(name)).as(name).isFalse();
        }
    }
}
