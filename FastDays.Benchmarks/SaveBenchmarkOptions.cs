using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `save`.</summary>
public sealed record SaveBenchmarkOptions
{
    /// <summary>Megabytes of weights per checkpoint.</summary>
    [Range(1, 16_384)]
    [Description("Megabytes of weights per checkpoint")]
    public int Mb { get; init; } = 40;

    /// <summary>Writes and reads (the best counts).</summary>
    [Range(1, 1000)]
    [Description("Writes and reads (the best counts)")]
    public int Repeats { get; init; } = 5;

    /// <summary>Where the checkpoints go.</summary>
    [Description("Where the checkpoints go")]
    public string Path { get; init; } = "runs/bench-save";

    /// <summary>Save generation after generation until killed (a test of atomic writes).</summary>
    [Description("Save generation after generation until killed (a test of atomic writes)")]
    public bool Forever { get; init; }
}
