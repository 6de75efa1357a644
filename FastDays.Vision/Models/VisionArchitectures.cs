using System.Globalization;
using FastDays.Modules;

namespace FastDays.Vision.Models;

/// <summary>Registers FastDays.Vision's architectures in the ModelZoo (called by the ModelZoo itself when this assembly is deployed).</summary>
public static class VisionArchitectures
{
    /// <summary>The ModelZoo name of SimpleCnn.</summary>
    public const string SimpleCnnName = "simple_cnn";

    /// <summary>Registers every architecture of this assembly.</summary>
    public static void Register()
    {
        ModelZoo.Register(SimpleCnnName, s => SimpleCnn.Create(s.GetInt("in_channels"), s.GetInt("classes"),
            [.. s.Get("widths").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(w => int.Parse(w, CultureInfo.InvariantCulture))]));
        ModelZoo.Register("resnet18", s => ResNet.ResNet18(s.GetInt("classes")));
        ModelZoo.Register("resnet34", s => ResNet.ResNet34(s.GetInt("classes")));
        ModelZoo.Register("resnet50", s => ResNet.ResNet50(s.GetInt("classes")));
        ModelZoo.Register("xresnet18", s => XResNet.XResNet18(s.GetInt("classes")));
        ModelZoo.Register("xresnet34", s => XResNet.XResNet34(s.GetInt("classes")));
        ModelZoo.Register("xresnet50", s => XResNet.XResNet50(s.GetInt("classes")));
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
