using System.ComponentModel;

namespace FastDays.Examples.Commands;

/// <summary>The options of `bench fit`.</summary>
public sealed record FitBenchmarkOptions
{
    /// <summary>Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files.</summary>
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    /// <summary>Training images.</summary>
    [Description("Training images")]
    public int Items { get; init; } = 10000;

    /// <summary>Epochs per run.</summary>
    [Description("Epochs per run")]
    public int Epochs { get; init; } = 10;

    /// <summary>The batch size.</summary>
    [Description("The batch size")]
    public int Bs { get; init; } = 128;

    /// <summary>Adam's learning rate.</summary>
    [Description("Adam's learning rate")]
    public double Lr { get; init; } = 1e-3;

    /// <summary>Alternating repeats of each loop.</summary>
    [Description("Alternating repeats of each loop")]
    public int Repeats { get; init; } = 2;
}
