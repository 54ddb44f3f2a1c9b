package de.deutschlandstack.ai.serving;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a small ONNX model (a linear layer: {@code Y = X·W + B}) as the ONNX protobuf messages, field by field, so that
 * the tests need neither Python nor a model hub. Field numbers from onnx.proto: ModelProto(ir_version=1, graph=7,
 * opset_import=8), GraphProto(node=1, name=2, initializer=5, input=11, output=12), NodeProto(input=1, output=2, op_type=4),
 * TensorProto(dims=1, data_type=2, float_data=4, name=8), ValueInfoProto(name=1, type=2), TypeProto(tensor_type=1),
 * TypeProto.Tensor(elem_type=1, shape=2), TensorShapeProto(dim=1), Dimension(dim_value=1, dim_param=2).
 */
final class OnnxModelWriter {

    private static final int FLOAT = 1;

    private OnnxModelWriter() {
    }

    /** {@code weights[feature][output]}, {@code bias[output]}. */
    static byte[] linear(float[][] weights, float[] bias) {
        int features = weights.length;
        int outputs = bias.length;
        float[] flat = new float[features * outputs];
        for (int f = 0; f < features; f++) {
            System.arraycopy(weights[f], 0, flat, f * outputs, outputs);
        }
        Message graph = new Message()
                .message(1, new Message().string(1, "X").string(1, "W").string(2, "XW").string(4, "MatMul"))
                .message(1, new Message().string(1, "XW").string(1, "B").string(2, "Y").string(4, "Add"))
                .string(2, "linear")
                .message(5, tensor("W", new long[]{features, outputs}, flat))
                .message(5, tensor("B", new long[]{outputs}, bias))
                .message(11, valueInfo("X", features))
                .message(12, valueInfo("Y", outputs));
        return new Message()
                .varint(1, 8)
                .message(7, graph)
                .message(8, new Message().string(1, "").varint(2, 13))
                .bytes();
    }

    private static Message tensor(String name, long[] dims, float[] values) {
        Message tensor = new Message();
        for (long dim : dims) {
            tensor.varint(1, dim);
        }
        tensor.varint(2, FLOAT);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (float value : values) {
            int bits = Float.floatToIntBits(value);
            for (int i = 0; i < 4; i++) {
                packed.write(bits >>> (8 * i));
            }
        }
        return tensor.raw(4, packed.toByteArray()).string(8, name);
    }

    private static Message valueInfo(String name, int columns) {
        Message shape = new Message()
                .message(1, new Message().string(2, "N"))
                .message(1, new Message().varint(1, columns));
        Message tensorType = new Message().varint(1, FLOAT).message(2, shape);
        return new Message().string(1, name).message(2, new Message().message(1, tensorType));
    }

    /** A protobuf message in the making: fields appended in wire format. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            tag(field, 0);
            writeVarint(value);
            return this;
        }

        Message string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Message message(int field, Message value) {
            return raw(field, value.bytes());
        }

        Message raw(int field, byte[] value) {
            tag(field, 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            writeVarint(((long) field << 3) | wireType);
        }

        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
