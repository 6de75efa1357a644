using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `save`.</summary>
internal sealed record SaveBenchmarkOptions
{
    [Range(1, 16_384)]
    [Description("Megabytes of weights per checkpoint")]
    public int Mb { get; init; } = 40;

    [Range(1, 1000)]
    [Description("Writes and reads (the best counts)")]
    public int Repeats { get; init; } = 5;

    [Description("Where the checkpoints go")]
    public string Path { get; init; } = "runs/bench-save";

    [Description("Save generation after generation until killed (a test of atomic writes)")]
    public bool Forever { get; init; }
}
