using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FastDays.Modules;
using FastDays.Vision.Models;

namespace FastDays.Examples.Train;

/// <summary>The options that choose the network of `train`, `lr-find` and the precision benchmark (one record, so they are written once), and the
/// ModelZoo spec they make.</summary>
internal record NetworkSetup
{
    [Description("The network"), AllowedValues(VisionArchitectures.SimpleCnnName, VisionArchitectures.XResNetSmallName)]
    public string Arch { get; init; } = VisionArchitectures.XResNetSmallName;

    [Length(1, 16), EachInRange(1, 1024)]
    [Description("Channel widths: xresnet_small's stem, then one per stage; simple_cnn's, one per conv block")]
    public int[] Widths { get; init; } = [16, 32, 64, 128];

    [Length(1, 16), EachInRange(1, 64)]
    [Description("xresnet_small's ResBlocks per stage")]
    public int[] Blocks { get; init; } = [1, 1, 1];

    [Range(1, 8)]
    [Description("xresnet_small's 3×3 convolutions at full resolution in the stem, each of the first width")]
    public int StemConvs { get; init; } = 1;

    [Description("xresnet_small's activation (fastai's act_cls)"), AllowedValues("relu", "silu")]
    public string ActCls { get; init; } = "relu";

    /// <summary>The architecture as a ModelZoo spec (one input channel), so that an export can rebuild it.</summary>
    public ModelSpec Spec(int classes) => Arch switch
    {
        VisionArchitectures.SimpleCnnName => VisionArchitectures.SimpleCnnSpec(1, classes, Widths),
        VisionArchitectures.XResNetSmallName => VisionArchitectures.XResNetSmallSpec(1, classes, Widths, Blocks, StemConvs, ActCls),
        _ => throw new ArgumentException($"unknown arch '{Arch}' (simple_cnn, xresnet_small)"),
    };

    /// <summary>The network in words, for the log: xresnet_small [16, 32, 64, 128] blocks [1, 1, 1].</summary>
    public string DescribeNetwork() => Arch != VisionArchitectures.XResNetSmallName ? $"{Arch} {Formats.List(Widths)}"
        : $"{Arch} {Formats.List(Widths)} blocks {Formats.List(Blocks)}" + (StemConvs != 1 ? $" stem convolutions {StemConvs}" : "") +
            (ActCls != "relu" ? $" {ActCls}" : "");
}
