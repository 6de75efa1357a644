using System.ComponentModel;

namespace FastDays.Examples.Commands;

/// <summary>The options of `bench precision`.</summary>
public sealed record PrecisionBenchmarkOptions
{
    /// <summary>Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files.</summary>
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    /// <summary>Epochs per run.</summary>
    [Description("Epochs per run")]
    public int Epochs { get; init; } = 3;

    /// <summary>Training images.</summary>
    [Description("Training images")]
    public int Items { get; init; } = 60000;

    /// <summary>The batch size.</summary>
    [Description("The batch size")]
    public int Bs { get; init; } = 128;

    /// <summary>Runs of each precision.</summary>
    [Description("Runs of each precision")]
    public int Repeats { get; init; } = 1;

    /// <summary>SimpleCnn's channel widths.</summary>
    [Description("SimpleCnn's channel widths")]
    public int[] Widths { get; init; } = [32, 64, 128, 256];
}
