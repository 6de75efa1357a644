using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Examples.Commands;

/// <summary>The options of `vectorization`.</summary>
[ConfigFile("configs/vectorization.yaml")]
public sealed record VectorizationOptions
{
    /// <summary>The length of the two vectors.</summary>
    [Range(1, 1_000_000_000)]
    [Description("The length of the two vectors")]
    public int Size { get; init; } = 1_000_000;

    /// <summary>Timed runs of each version (the median counts).</summary>
    [Range(1, 1000)]
    [Description("Timed runs of each version (the median counts)")]
    public int Repeats { get; init; } = 7;

    /// <summary>Whether to time Python's loop and NumPy's dot too, when /usr/bin/python3 has NumPy.</summary>
    [Description("Also time a Python loop and NumPy's dot, when /usr/bin/python3 has NumPy")]
    public bool Python { get; init; } = true;
}
