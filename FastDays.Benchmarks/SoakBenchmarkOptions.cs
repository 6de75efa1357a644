using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `soak`.</summary>
internal sealed record SoakBenchmarkOptions
{
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "tiny";

    [Range(1, 100_000)]
    [Description("Epochs of the run")]
    public int Epochs { get; init; } = 50;

    [Range(8, 1024)]
    [Description("The image size")]
    public int Size { get; init; } = 28;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 64;

    [Description("Where images, checkpoints and the probe's table go")]
    public string Out { get; init; } = "runs/soak";
}
