using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `alloc`.</summary>
internal sealed record AllocBenchmarkOptions
{
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    [Range(1, 100_000_000)]
    [Description("Training images of the epoch")]
    public int Items { get; init; } = 12800;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 128;

    [Range(1, 1000)]
    [Description("Rounds over the settings")]
    public int Repeats { get; init; } = 2;

    [Description("The settings to compare, by index (none given: all)")]
    public int[] Variants { get; init; } = [];

    [Description("Leave out jemalloc even where it is installed")]
    public bool NoJemalloc { get; init; }

    [Description("Run one epoch in this process and print the result line (what the parent runs)")]
    public bool Child { get; init; }
}
