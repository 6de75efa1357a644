using FastDays.Modules;
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
        SiLU => g.Node("Mul", [x, g.Node("Sigmoid", [x])]),
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
        DynamicUnet u => Unet(g, u, x, path),
        SigmoidRange r => g.Node("Add", [g.Node("Mul", [g.Node("Sigmoid", [x]), g.Constant([(float)(r.High - r.Low)], [1], "y_span")]),
            g.Constant([(float)r.Low], [1], "y_low")]),
        PixelShuffle p => g.Node("DepthToSpace", [x], Int("blocksize", p.upscale_factor), Str("mode", "CRD")),
        ReplicationPad2d p when p.padding.Length == 4 => g.Node("Pad", [x, g.Ints([0, 0, p.padding[2], p.padding[0], 0, 0, p.padding[3], p.padding[1]],
            "pads")], Str("mode", "edge")),
        SelfAttention a => Attention(g, a, x),
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

    // FastDays' (x)resnet block: act(convpath(x) + idpath(x)), act being the block's own activation (relu or silu).
    private static string Residual(OnnxGraph g, nn.Module block, string x, string path)
    {
        var children = Children(block);
        var conv = Write(g, children["convpath"], x, $"{path}.convpath");
        var id = Write(g, children["idpath"], x, $"{path}.idpath");
        return Write(g, children["act"], g.Node("Add", [conv, id]), $"{path}.act");
    }

    // The U-Net: the encoder's layers one by one, keeping the outputs the blocks join; then the decoder, whose blocks read them deepest first,
    // and whose resize and last cross read the (normalised) input.
    private static string Unet(OnnxGraph g, DynamicUnet unet, string x, string path)
    {
        var layers = Children(unet)["layers"].named_children().ToList();
        var skips = new List<string>();
        var y = x;
        var index = 0;
        foreach (var (name, layer) in layers[0].module.named_children())
        {
            y = Write(g, layer, y, $"{path}.layers.0.{name}");
            if (unet.SkipIndices.Contains(index++)) skips.Add(y);
        }
        var next = skips.Count - 1;
        foreach (var (name, layer) in layers.Skip(1))
            y = layer switch
            {
                UnetBlock block => Block(g, block, y, skips[next--], $"{path}.layers.{name}"),
                ResizeToOrig => ResizeLike(g, y, x),
                MergeLayer => g.Node("Concat", [y, x], Int("axis", 1)),
                _ => Write(g, layer, y, $"{path}.layers.{name}"),
            };
        return y;
    }

    // A UnetBlock: upsample, match the skip's size, join it through its batchnorm, two convolutions.
    private static string Block(OnnxGraph g, UnetBlock block, string x, string skip, string path)
    {
        var c = Children(block);
        var up = ResizeLike(g, Write(g, c["shuf"], x, $"{path}.shuf"), skip);
        var joined = g.Node("Relu", [g.Node("Concat", [up, Write(g, c["bn"], skip, $"{path}.bn")], Int("axis", 1))]);
        return Write(g, c["conv2"], Write(g, c["conv1"], joined, $"{path}.conv1"), $"{path}.conv2");
    }

    // x resized (nearest, as PyTorch's: source index floor(i · in / out)) to like's height and width; the identity when they agree.
    private static string ResizeLike(OnnxGraph g, string x, string like)
    {
        var sizes = g.Node("Concat", [g.Node("Shape", [x], Int("end", 2)), g.Node("Shape", [like], Int("start", 2))], Int("axis", 0));
        return g.Node("Resize", [x, "", "", sizes], Str("mode", "nearest"), Str("coordinate_transformation_mode", "asymmetric"),
            Str("nearest_mode", "floor"));
    }

    // SAGAN self-attention over the flattened positions: softmax(fᵀg) over the first position axis, h·β scaled by gamma, plus the input.
    private static string Attention(OnnxGraph g, SelfAttention attention, string x)
    {
        var p = attention.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        var flat = g.Node("Reshape", [x, g.Ints([0, 0, -1], "flat_shape")]);
        string Project(string name) => g.Node("Conv", [flat, g.Weight(p[$"{name}.weight"], $"{name}_weight")], Ints("kernel_shape", [1]));
        var (f, k, v) = (Project("query"), Project("key"), Project("value"));
        var beta = g.Node("Softmax", [g.Node("MatMul", [g.Node("Transpose", [f], Ints("perm", [0, 2, 1])), k])], Int("axis", 1));
        var attended = g.Node("Add", [g.Node("Mul", [g.Node("MatMul", [v, beta]), g.Weight(p["gamma"], "gamma")]), flat]);
        return g.Node("Reshape", [attended, g.Node("Shape", [x])]);
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
