using FastDays.Learning;
using FastDays.Persistence;
using FastDays.Tabular.Models;
using Google.Protobuf;
using Onnx;
using static FastDays.Onnx.OnnxGraph;

namespace FastDays.Onnx;

/// <summary>Writes a loaded export's model as an ONNX file that ONNX Runtime runs without libtorch: the input is what the model's normalisation
/// receives (image pixels as floats in 0–1 after the export's batch transforms; a tabular row as codes then continuous values), the
/// normalisation and the output activation are folded in, so the output equals InferenceLearner.GetPreds.</summary>
public static class OnnxExport
{
    /// <summary>The ONNX operator set the files use.</summary>
    public const int Opset = 17;

    /// <summary>Writes the model to path (atomically) and returns path; an architecture with a layer ONNX cannot take here is a
    /// NotSupportedException naming the layer.</summary>
    public static string ExportOnnx(this InferenceLearner learn, string path)
    {
        ArgumentNullException.ThrowIfNull(learn);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var shape = InputShape(learn);
        var g = new OnnxGraph();
        var x = "input";
        if (learn.Normalize is { } normalize)
        {
            long[] stats = [1, normalize.Mean.Length, .. Enumerable.Repeat(1L, shape.Length - 2)];
            x = g.Node("Sub", [x, g.Constant([.. normalize.Mean.Select(m => (float)m)], stats, "mean")]);
            x = g.Node("Div", [x, g.Constant([.. normalize.Std.Select(s => (float)s)], stats, "std")]);
        }
        learn.Model.eval();
        var y = OnnxModules.Write(g, learn.Model, x);
        y = learn.Activation switch
        {
            "softmax" => g.Node("Softmax", [y], Int("axis", -1)),
            InferenceLearner.SoftmaxAxis1 => g.Node("Softmax", [y], Int("axis", 1)),
            "sigmoid" => g.Node("Sigmoid", [y]),
            _ => y,
        };
        var output = new NodeProto { OpType = "Identity", Name = "output" };
        output.Input.Add(y);
        output.Output.Add("output");
        g.Graph.Node.Add(output);
        g.Graph.Input.Add(Value("input", shape));
        g.Graph.Output.Add(new ValueInfoProto { Name = "output" });
        var model = new ModelProto { IrVersion = 8, ProducerName = "FastDays", Graph = g.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "classes", Value = string.Join('\n', learn.Vocab) });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "activation", Value = learn.Activation });
        AtomicFile.Write(path, stream => model.WriteTo(stream));
        return path;
    }

    // (batch, …item shape) for images; (batch, columns) for a tabular model.
    private static long[] InputShape(InferenceLearner learn) => learn.Model is TabularModel t ? [1, t.NCat + t.NCont]
        : learn.ItemShape is { Length: 3 } item ? [1, .. item]
        : throw new NotSupportedException("the export does not record its input shape (a model of images or a tabular model goes to ONNX)");
}
