using System.Globalization;
using FastDays.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>Registers FastDays.Vision's architectures in the ModelZoo (called by this assembly's module initializer).</summary>
public static class VisionArchitectures
{
    /// <summary>The ModelZoo name of SimpleCnn.</summary>
    public const string SimpleCnnName = "simple_cnn";

    /// <summary>The ModelZoo name of XResNet.Small.</summary>
    public const string XResNetSmallName = "xresnet_small";

    /// <summary>A y_range as a spec argument: "low,high", or empty for none.</summary>
    internal static string YRangeArg((double Low, double High)? yRange) => yRange is { } r ? FormattableString.Invariant($"{r.Low:R},{r.High:R}") : "";

    /// <summary>A vision model's y_range argument ("low,high"; empty or absent for none, as in exports written before it).</summary>
    internal static (double, double)? YRange(ModelSpec s) => s.Args.GetValueOrDefault("y_range") is { Length: > 0 } text
        && text.Split(',') is [var low, var high] ? (double.Parse(low, CultureInfo.InvariantCulture), double.Parse(high, CultureInfo.InvariantCulture))
        : s.Args.GetValueOrDefault("y_range") is { Length: > 0 } bad
            ? throw new FormatException($"model '{s.Arch}': y_range '{Formats.Clip(bad)}' is not low,high")
        : null;

    /// <summary>A vision model's hidden head widths: null for fastai's default (an empty value), none for no hidden layer, else the list.</summary>
    private static int[]? LinFtrs(ModelSpec s) => s.Get("lin_ftrs") switch
    {
        "" => null,
        Learning.VisionLearners.NoHiddenLayers => [],
        _ => s.GetInts("lin_ftrs"),
    };

    /// <summary>Registers every architecture of this assembly, each with a lower bound of its weights that LoadLearner checks before building.</summary>
    public static void Register()
    {
        ModelZoo.Register(SimpleCnnName, s => SimpleCnn.Create(s.GetInt("in_channels"), s.GetInt("classes"), s.GetInts("widths")),
            s => Chain([s.GetInt("in_channels"), .. s.GetInts("widths")], 9) + (double)s.GetInts("widths").LastOrDefault() * s.GetInt("classes"));
        ModelZoo.Register(XResNetSmallName, s => XResNet.Small(s.GetInt("in_channels"), s.GetInt("classes"), s.GetInts("widths"), s.GetInts("blocks"),
            StemConvs(s), s.Args.GetValueOrDefault("act_cls") ?? "relu"),
            XResNetSmallWeights);
        ModelZoo.Register(Learning.VisionLearners.VisionModelArch, s => Learning.VisionLearners.CreateVisionModel(Learning.VisionArch.ByName(s.Get("arch")),
            s.GetInt("n_out"), null, s.GetInt("n_in"), double.Parse(s.Get("ps"), CultureInfo.InvariantCulture),
            LinFtrs(s) is { } ftrs ? [.. ftrs.Select(v => (long)v)] : null, s.Get("concat_pool") == "true", YRange(s)),
            s => Chain([.. LinFtrs(s) ?? [512], s.GetInt("n_out")], 1));
        // A U-Net: the final 1×1 convolution alone (the input's channels and more, per output channel) bounds what n_out can make.
        ModelZoo.Register(Learning.UnetLearners.UnetModelArch, Learning.UnetLearners.FromSpec, s => (s.GetInt("n_in") + 1.0) * s.GetInt("n_out"));
        // The ImageNet networks: the last linear layer alone (512 or 2048 features per class) bounds what a class count can make.
        foreach (var (name, create, features) in new (string, Func<int, nn.Module<Tensor, Tensor>>, int)[]
        {
            ("resnet18", n => ResNet.ResNet18(n), 512), ("resnet34", n => ResNet.ResNet34(n), 512), ("resnet50", n => ResNet.ResNet50(n), 2048),
            ("xresnet18", n => XResNet.XResNet18(n), 512), ("xresnet34", n => XResNet.XResNet34(n), 512), ("xresnet50", n => XResNet.XResNet50(n), 2048),
        })
            ModelZoo.Register(name, s => create(s.GetInt("classes")), s => (double)features * s.GetInt("classes"));
    }

    // XResNet.Small's stem convolutions: the spec's stem_convs, or one where it has none (specs written before the option).
    private static int StemConvs(ModelSpec s) => s.Args.ContainsKey("stem_convs") ? s.GetInt("stem_convs") : 1;

    // XResNet.Small: the stem's 3×3 convolutions, two 3×3 convolutions per block (the first of a stage from the previous width), the classifier.
    private static double XResNetSmallWeights(ModelSpec s)
    {
        var (widths, blocks) = (s.GetInts("widths"), s.GetInts("blocks"));
        var stages = Enumerable.Range(1, Math.Min(widths.Length - 1, blocks.Length))
            .Sum(i => 9.0 * widths[i] * (widths[i - 1] + widths[i]) + 18.0 * (blocks[i - 1] - 1) * widths[i] * widths[i]);
        var stem = 9.0 * widths.FirstOrDefault() * (s.GetInt("in_channels") + (StemConvs(s) - 1.0) * widths.FirstOrDefault());
        return stem + stages + (double)widths.LastOrDefault() * s.GetInt("classes");
    }

    // The weights of layers chained through these widths, each weight k times the product of its two widths (9 for 3×3 convolutions).
    private static double Chain(int[] widths, double k) => widths.Zip(widths.Skip(1)).Sum(p => k * p.First * p.Second);

    /// <summary>The spec of an XResNet.Small, for Learner.Arch (stem_convs and act_cls only where they are not one and relu, so such specs read
    /// as before).</summary>
    public static ModelSpec XResNetSmallSpec(int inChannels, int classes, int[] widths, int[] blocks, int stemConvs = 1, string actCls = "relu")
    {
        var args = new Dictionary<string, string>
        {
            ["in_channels"] = inChannels.ToString(CultureInfo.InvariantCulture),
            ["classes"] = classes.ToString(CultureInfo.InvariantCulture),
            ["widths"] = string.Join(',', widths),
            ["blocks"] = string.Join(',', blocks),
        };
        if (stemConvs != 1) args["stem_convs"] = stemConvs.ToString(CultureInfo.InvariantCulture);
        if (actCls != "relu") args["act_cls"] = actCls;
        return new(XResNetSmallName, args);
    }

    /// <summary>The spec of a SimpleCnn, for Learner.Arch.</summary>
    public static ModelSpec SimpleCnnSpec(int inChannels, int classes, params int[] widths) =>
        new(SimpleCnnName, new Dictionary<string, string>
        {
            ["in_channels"] = inChannels.ToString(CultureInfo.InvariantCulture),
            ["classes"] = classes.ToString(CultureInfo.InvariantCulture),
            ["widths"] = string.Join(',', widths.Length == 0 ? [16, 32, 64, 128] : widths),
        });
}
