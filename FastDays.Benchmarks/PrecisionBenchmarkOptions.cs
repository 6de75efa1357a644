using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FastDays.Vision.Models;

namespace FastDays.Benchmarks;

/// <summary>The options of `precision`.</summary>
public sealed record PrecisionBenchmarkOptions
{
    /// <summary>Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files.</summary>
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    /// <summary>Epochs per run.</summary>
    [Range(1, 100_000)]
    [Description("Epochs per run")]
    public int Epochs { get; init; } = 3;

    /// <summary>Training images.</summary>
    [Range(1, 100_000_000)]
    [Description("Training images")]
    public int Items { get; init; } = 60000;

    /// <summary>The batch size.</summary>
    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 128;

    /// <summary>Runs of each precision and memory format.</summary>
    [Range(1, 1000)]
    [Description("Runs of each precision and memory format")]
    public int Repeats { get; init; } = 1;

    /// <summary>simple_cnn or xresnet_small.</summary>
    [Description("The network"), AllowedValues(VisionArchitectures.SimpleCnnName, VisionArchitectures.XResNetSmallName)]
    public string Arch { get; init; } = VisionArchitectures.XResNetSmallName;

    /// <summary>The channel widths (as train's --widths).</summary>
    [Length(1, 16), EachInRange(1, 1024)]
    [Description("Channel widths: xresnet_small's stem, then one per stage; simple_cnn's, one per conv block")]
    public int[] Widths { get; init; } = [16, 32, 64, 128];

    /// <summary>XResNet.Small's ResBlocks per stage.</summary>
    [Length(1, 16), EachInRange(1, 64)]
    [Description("xresnet_small's ResBlocks per stage")]
    public int[] Blocks { get; init; } = [1, 1, 1];
}
