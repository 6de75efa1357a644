using System.Globalization;
using FastDays.Modules;

namespace FastDays.Vision.Models;

/// <summary>Registers FastDays.Vision's architectures in the ModelZoo (called by the ModelZoo itself when this assembly is deployed).</summary>
public static class VisionArchitectures
{
    /// <summary>The ModelZoo name of SimpleCnn.</summary>
    public const string SimpleCnnName = "simple_cnn";

    /// <summary>The ModelZoo name of XResNet.Small.</summary>
    public const string XResNetSmallName = "xresnet_small";

    /// <summary>Registers every architecture of this assembly.</summary>
    public static void Register()
    {
        ModelZoo.Register(SimpleCnnName, s => SimpleCnn.Create(s.GetInt("in_channels"), s.GetInt("classes"), Ints(s.Get("widths"))));
        ModelZoo.Register(XResNetSmallName, s => XResNet.Small(s.GetInt("in_channels"), s.GetInt("classes"), Ints(s.Get("widths")), Ints(s.Get("blocks"))));
        ModelZoo.Register(Learning.VisionLearners.VisionModelArch, s => Learning.VisionLearners.CreateVisionModel(Learning.VisionArch.ByName(s.Get("arch")),
            s.GetInt("n_out"), null, s.GetInt("n_in"), double.Parse(s.Get("ps"), System.Globalization.CultureInfo.InvariantCulture),
            s.Get("lin_ftrs") is { Length: > 0 } f ? [.. f.Split(',').Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture))] : null,
            s.Get("concat_pool") == "true"));
        ModelZoo.Register("resnet18", s => ResNet.ResNet18(s.GetInt("classes")));
        ModelZoo.Register("resnet34", s => ResNet.ResNet34(s.GetInt("classes")));
        ModelZoo.Register("resnet50", s => ResNet.ResNet50(s.GetInt("classes")));
        ModelZoo.Register("xresnet18", s => XResNet.XResNet18(s.GetInt("classes")));
        ModelZoo.Register("xresnet34", s => XResNet.XResNet34(s.GetInt("classes")));
        ModelZoo.Register("xresnet50", s => XResNet.XResNet50(s.GetInt("classes")));
    }

    /// <summary>The spec of an XResNet.Small, for Learner.Arch.</summary>
    public static ModelSpec XResNetSmallSpec(int inChannels, int classes, int[] widths, int[] blocks) =>
        new(XResNetSmallName, new Dictionary<string, string>
        {
            ["in_channels"] = inChannels.ToString(CultureInfo.InvariantCulture),
            ["classes"] = classes.ToString(CultureInfo.InvariantCulture),
            ["widths"] = string.Join(',', widths),
            ["blocks"] = string.Join(',', blocks),
        });

    private static int[] Ints(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(w => int.Parse(w, CultureInfo.InvariantCulture))];

    /// <summary>The spec of a SimpleCnn, for Learner.Arch.</summary>
    public static ModelSpec SimpleCnnSpec(int inChannels, int classes, params int[] widths) =>
        new(SimpleCnnName, new Dictionary<string, string>
        {
            ["in_channels"] = inChannels.ToString(CultureInfo.InvariantCulture),
            ["classes"] = classes.ToString(CultureInfo.InvariantCulture),
            ["widths"] = string.Join(',', widths.Length == 0 ? [16, 32, 64, 128] : widths),
        });
}
