using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `weights`.</summary>
internal sealed record WeightsBenchmarkOptions
{
    [Description("ResNet-18 weight files (.pt zip or legacy, .safetensors)"), Positional(0)]
    public string[] Files { get; init; } = [];

    [Range(1, 1000)]
    [Description("Reads of each file (the best counts)")]
    public int Repeats { get; init; } = 5;
}
