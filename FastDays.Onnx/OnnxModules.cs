using FastDays.Tabular.Models;
using FastDays.Vision.Learning;
using FastDays.Vision.Models;
using TorchSharp.Modules;
using static FastDays.Onnx.OnnxGraph;
using static TorchSharp.torch;

namespace FastDays.Onnx;

/// <summary>TorchSharp modules as ONNX nodes: the layers FastDays' vision and tabular models are made of, composed as their forward composes them.
/// A module with no ONNX form here is a NotSupportedException naming it.</summary>
internal static class OnnxModules
{
    /// <summary>Writes module applied to the value named x; the output's name.</summary>
    public static string Write(OnnxGraph g, nn.Module module, string x, string path = "model") => module switch
    {
        Sequential s => s.named_children().Aggregate(x, (v, c) => Write(g, c.module, v, $"{path}.{c.name}")),
        Conv2d c => Conv(g, c, x),
        BatchNorm b => g.Node("BatchNormalization", [x, g.Weight(b.weight!, "bn_scale"), g.Weight(b.bias!, "bn_bias"), g.Weight(b.running_mean!, "bn_mean"),
            g.Weight(b.running_var!, "bn_var")], Float("epsilon", (float)b.eps)),
        ReLU => g.Node("Relu", [x]),
        Dropout => x,
        Flatten f when f.start_dim == 1 && f.end_dim == -1 => g.Node("Flatten", [x], Int("axis", 1)),
        AdaptiveAvgPool2d a when a.output_size.All(o => o == 1) => g.Node("GlobalAveragePool", [x]),
        MaxPool2d m => g.Node("MaxPool", [x], Ints("kernel_shape", m.kernel_size), Ints("strides", m.stride ?? m.kernel_size),
            Ints("pads", Pads(m.padding ?? [0, 0])), Ints("dilations", m.dilation ?? [1, 1]), Int("ceil_mode", m.ceil_mode ? 1 : 0)),
        AvgPool2d a when a.divisor_override is null => g.Node("AveragePool", [x], Ints("kernel_shape", a.kernel_size),
            Ints("strides", a.stride ?? a.kernel_size), Ints("pads", Pads(a.padding ?? [0, 0])), Int("ceil_mode", a.ceil_mode ? 1 : 0),
            Int("count_include_pad", a.count_include_pad ? 1 : 0)),
        Linear l => g.Node("Gemm", l.bias is { } bias ? [x, g.Weight(l.weight!, "fc_weight"), g.Weight(bias, "fc_bias")]
            : [x, g.Weight(l.weight!, "fc_weight")], Int("transB", 1)),
        AdaptiveMaxPool2d a when a.output_size.All(o => o == 1) => g.Node("GlobalMaxPool", [x]),
        TabularModel t => Tabular(g, t, x),
        ResBlock => Residual(g, module, x, path),
        BasicBlock or Bottleneck => TorchvisionBlock(g, module, x, path),
        AdaptiveConcatPool2d => Children(module) is var c && c["mp"] is AdaptiveMaxPool2d { output_size: [1, 1] }
            ? g.Node("Concat", [Write(g, c["mp"], x, $"{path}.mp"), Write(g, c["ap"], x, $"{path}.ap")], Int("axis", 1))
            : throw new NotSupportedException($"{path}: concat pooling to more than 1 × 1 has no ONNX form here"),
        _ => throw new NotSupportedException($"{path}: no ONNX form for a {module.GetType().Name}"),
    };

    private static long[] Pads(long[] padding) => [.. padding, .. padding];

    private static string Conv(OnnxGraph g, Conv2d c, string x)
    {
        if (c.padding_type is not null || c.transposed)
            throw new NotSupportedException("only convolutions with explicit padding go to ONNX here");
        var inputs = new List<string> { x, g.Weight(c.weight!, "conv_weight") };
        if (c.bias is { } bias) inputs.Add(g.Weight(bias, "conv_bias"));
        return g.Node("Conv", inputs, Ints("kernel_shape", c.kernel_size), Ints("strides", c.stride), Ints("pads", Pads(c.padding!)),
            Ints("dilations", c.dilation), Int("group", c.groups));
    }

    private static Dictionary<string, nn.Module> Children(nn.Module module) => module.named_children().ToDictionary(c => c.name, c => c.module);

    // torchvision's blocks: relu(bn2(conv2(relu(bn1(conv1 x))))) (+ conv3/bn3 for a bottleneck) + downsample(x) or x.
    private static string TorchvisionBlock(OnnxGraph g, nn.Module block, string x, string path)
    {
        var c = Children(block);
        var y = Write(g, c["relu"], Write(g, c["bn1"], Write(g, c["conv1"], x)));
        y = Write(g, c["bn2"], Write(g, c["conv2"], y));
        if (c.TryGetValue("conv3", out var conv3)) y = Write(g, c["bn3"], Write(g, conv3, Write(g, c["relu"], y)));
        var identity = c.TryGetValue("downsample", out var down) ? Write(g, down, x, $"{path}.downsample") : x;
        return g.Node("Relu", [g.Node("Add", [y, identity])]);
    }

    // FastDays' (x)resnet block: relu(convpath(x) + idpath(x)).
    private static string Residual(OnnxGraph g, nn.Module block, string x, string path)
    {
        var children = Children(block);
        var conv = Write(g, children["convpath"], x, $"{path}.convpath");
        var id = Write(g, children["idpath"], x, $"{path}.idpath");
        return g.Node("Relu", [g.Node("Add", [conv, id])]);
    }

    // The tabular model: an embedding per code column, the continuous columns through their batchnorm, the layers, the y range's scaled sigmoid.
    private static string Tabular(OnnxGraph g, TabularModel t, string x)
    {
        var children = t.named_children().ToDictionary(c => c.name, c => c.module);
        var parts = new List<string>();
        if (t.NCat > 0)
        {
            var codes = g.Node("Cast", [g.Node("Slice", [x, g.Ints([0], "start"), g.Ints([t.NCat], "end"), g.Ints([1], "axis")])],
                Int("to", (long)global::Onnx.TensorProto.Types.DataType.Int64));
            var weights = t.EmbeddingWeights();
            for (var i = 0; i < weights.Count; i++)
            {
                var column = g.Node("Gather", [codes, g.Ints([i], "column")], Int("axis", 1));   // (batch, 1)
                var vectors = g.Node("Gather", [g.Weight(weights[i], "embedding"), column], Int("axis", 0));   // (batch, 1, size)
                parts.Add(g.Node("Squeeze", [vectors, g.Ints([1], "axis")]));
            }
        }
        if (t.NCont > 0)
        {
            var conts = g.Node("Slice", [x, g.Ints([t.NCat], "start"), g.Ints([t.NCat + t.NCont], "end"), g.Ints([1], "axis")]);
            parts.Add(children.TryGetValue("bnCont", out var bn) ? Write(g, bn, conts, "bnCont") : conts);
        }
        var joined = parts.Count == 1 ? parts[0] : g.Node("Concat", parts, Int("axis", 1));
        var output = Write(g, children["layers"], joined, "layers");
        if (t.YRange is not { } range) return output;
        var scaled = g.Node("Mul", [g.Node("Sigmoid", [output]), g.Constant([(float)(range.High - range.Low)], [1], "y_span")]);
        return g.Node("Add", [scaled, g.Constant([(float)range.Low], [1], "y_low")]);
    }
}
