using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `vectorization`.</summary>
[ConfigFile("configs/vectorization.yaml")]
internal sealed record VectorizationOptions
{
    [Range(1, 1_000_000_000)]
    [Description("The length of the two vectors")]
    public int Size { get; init; } = 1_000_000;

    [Range(1, 1000)]
    [Description("Timed runs of each version (the median counts)")]
    public int Repeats { get; init; } = 7;

    [Description("Also time a Python loop and NumPy's dot, when /usr/bin/python3 has NumPy")]
    public bool Python { get; init; } = true;
}
