using System.ComponentModel;

namespace FastDays.Examples.Commands;

/// <summary>The options of `foundations`.</summary>
[ConfigFile("configs/foundations.yaml")]
public sealed record FoundationsOptions
{
    /// <summary>Timed runs of each matrix product (the median counts).</summary>
    [Description("Timed runs of each matrix product (the median counts)")]
    public int Repeats { get; init; } = 5;

    /// <summary>Layers of the initialisation experiment.</summary>
    [Description("Layers of the initialisation experiment")]
    public int Layers { get; init; } = 50;

    /// <summary>The seed of the random matrices.</summary>
    [Description("The seed of the random matrices")]
    public int Seed { get; init; } = 42;
}
