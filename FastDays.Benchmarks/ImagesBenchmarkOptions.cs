using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `images`.</summary>
internal sealed record ImagesBenchmarkOptions
{
    [Description("JPEG files to decode")]
    public int Count { get; init; } = 512;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 64;

    [Range(1, 1000)]
    [Description("Runs of each pipeline (the best counts)")]
    public int Repeats { get; init; } = 3;

    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";
}
