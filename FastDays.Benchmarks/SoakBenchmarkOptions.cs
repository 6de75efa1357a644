using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `soak`.</summary>
public sealed record SoakBenchmarkOptions
{
    /// <summary>Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files.</summary>
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "tiny";

    /// <summary>Epochs of the run.</summary>
    [Range(1, 100_000)]
    [Description("Epochs of the run")]
    public int Epochs { get; init; } = 50;

    /// <summary>The image size.</summary>
    [Range(8, 1024)]
    [Description("The image size")]
    public int Size { get; init; } = 28;

    /// <summary>The batch size.</summary>
    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 64;

    /// <summary>Where images, checkpoints and the probe's table go.</summary>
    [Description("Where images, checkpoints and the probe's table go")]
    public string Out { get; init; } = "runs/soak";
}
