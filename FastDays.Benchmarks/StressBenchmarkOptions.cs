using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `stress`.</summary>
public sealed record StressBenchmarkOptions
{
    /// <summary>Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files.</summary>
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "tiny";

    /// <summary>Training batches to run.</summary>
    [Range(1, 100_000_000)]
    [Description("Training batches to run")]
    public int Batches { get; init; } = 20000;

    /// <summary>Training images.</summary>
    [Range(1, 100_000_000)]
    [Description("Training images")]
    public int Items { get; init; } = 2000;

    /// <summary>The image size.</summary>
    [Range(1, 1024)]
    [Description("The image size")]
    public int Size { get; init; } = 16;

    /// <summary>The batch size.</summary>
    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 16;

    /// <summary>Also collect garbage from a second thread.</summary>
    [Description("Also collect garbage from a second thread")]
    public bool GcThread { get; init; } = true;

    /// <summary>Where the images go.</summary>
    [Description("Where the images go")]
    public string Out { get; init; } = "runs/stress";
}
