using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `foundations`.</summary>
[ConfigFile("configs/foundations.yaml")]
internal sealed record FoundationsOptions
{
    [Range(1, 1000)]
    [Description("Timed runs of each matrix product (the median counts)")]
    public int Repeats { get; init; } = 5;

    [Range(1, 10_000)]
    [Description("Layers of the initialisation experiment")]
    public int Layers { get; init; } = 50;

    [Description("The seed of the random matrices")]
    public int Seed { get; init; } = 42;
}
