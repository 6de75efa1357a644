using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `images`.</summary>
public sealed record ImagesBenchmarkOptions
{
    /// <summary>JPEG files to decode.</summary>
    [Description("JPEG files to decode")]
    public int Count { get; init; } = 512;

    /// <summary>The batch size.</summary>
    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 64;

    /// <summary>Runs of each pipeline (the best counts).</summary>
    [Range(1, 1000)]
    [Description("Runs of each pipeline (the best counts)")]
    public int Repeats { get; init; } = 3;

    /// <summary>cpu, cuda, cuda:N or auto.</summary>
    [Description("cpu, cuda, cuda:N or auto")]
    public string Device { get; init; } = "auto";
}
