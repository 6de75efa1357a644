using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `stress`.</summary>
internal sealed record StressBenchmarkOptions
{
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "tiny";

    [Range(1, 100_000_000)]
    [Description("Training batches to run")]
    public int Batches { get; init; } = 20000;

    [Range(1, 100_000_000)]
    [Description("Training images")]
    public int Items { get; init; } = 2000;

    [Range(1, 1024)]
    [Description("The image size")]
    public int Size { get; init; } = 16;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 16;

    [Description("Also collect garbage from a second thread")]
    public bool GcThread { get; init; } = true;

    [Description("Where the images go")]
    public string Out { get; init; } = "runs/stress";
}
