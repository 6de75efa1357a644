using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace FastDays.Onnx;

/// <summary>An ONNX graph being written: nodes in order, weights as initializers, names made unique.</summary>
internal sealed class OnnxGraph
{
    private int _next;

    /// <summary>The graph so far.</summary>
    public GraphProto Graph { get; } = new() { Name = "fastdays" };

    /// <summary>A weight (copied to float32 or int64 on the CPU) as an initializer; its name.</summary>
    public string Weight(Tensor value, string hint)
    {
        using var scope = NewDisposeScope();
        var cpu = value.detach().cpu().contiguous();
        var proto = new TensorProto { Name = Fresh(hint) };
        proto.Dims.AddRange(cpu.shape);
        if (cpu.dtype == ScalarType.Int64)
        {
            proto.DataType = (int)TensorProto.Types.DataType.Int64;
            proto.Int64Data.AddRange(cpu.data<long>().ToArray());
        }
        else
        {
            proto.DataType = (int)TensorProto.Types.DataType.Float;
            proto.RawData = ByteString.CopyFrom(cpu.to_type(ScalarType.Float32).bytes);
        }
        Graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>A constant of float32 values with a shape.</summary>
    public string Constant(float[] values, long[] shape, string hint)
    {
        using var t = tensor(values, shape);
        return Weight(t, hint);
    }

    /// <summary>A constant of int64 values (a shape, indices, axes).</summary>
    public string Ints(long[] values, string hint)
    {
        using var t = tensor(values, [values.Length]);
        return Weight(t, hint);
    }

    /// <summary>Adds a node of an operator; its one output's name.</summary>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Fresh(op.ToLowerInvariant());
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto Str(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An attribute of integers.</summary>
    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>Declares a graph input or output: float32 or int64, with the first dimension named batch.</summary>
    public static ValueInfoProto Value(string name, long[] shape, TensorProto.Types.DataType type = TensorProto.Types.DataType.Float)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        for (var i = 0; i < shape.Length; i++)
            tensorType.Shape.Dim.Add(i == 0 ? new TensorShapeProto.Types.Dimension { DimParam = "batch" }
                : new TensorShapeProto.Types.Dimension { DimValue = shape[i] });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    private string Fresh(string hint) => $"{hint}_{_next++}";
}
