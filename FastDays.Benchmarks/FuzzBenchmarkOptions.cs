using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `fuzz`.</summary>
internal sealed record FuzzBenchmarkOptions
{
    [Range(1, 100_000_000)]
    [Description("Mutants per format")]
    public int Cases { get; init; } = 10000;

    [Description("The seed of the mutations")]
    public int Seed { get; init; } = 1;

    [Description("all, or format names separated by commas")]
    public string Formats { get; init; } = "all";

    [Description("A folder of small .pt files to mutate besides the built-in seeds")]
    public string PtSeeds { get; init; } = "FastDays.Tests/Fixtures/generated/make_weights";

    [Description("Where findings are written")]
    public string Out { get; init; } = "runs/fuzz";
}
