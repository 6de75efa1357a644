using System.ComponentModel;

namespace FastDays.Examples.Commands;

/// <summary>The options of `bench soak`.</summary>
public sealed record SoakBenchmarkOptions
{
    /// <summary>Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files.</summary>
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "tiny";

    /// <summary>Epochs of the run.</summary>
    [Description("Epochs of the run")]
    public int Epochs { get; init; } = 50;

    /// <summary>The image size.</summary>
    [Description("The image size")]
    public int Size { get; init; } = 28;

    /// <summary>The batch size.</summary>
    [Description("The batch size")]
    public int Bs { get; init; } = 64;

    /// <summary>Where images, checkpoints and the probe's table go.</summary>
    [Description("Where images, checkpoints and the probe's table go")]
    public string Out { get; init; } = "runs/soak";
}
