using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `onnx`.</summary>
internal sealed record OnnxBenchmarkOptions
{
    [Description("The export to compare (train writes runs/train/export.fastdays)")]
    public string Export { get; init; } = "runs/train/export.fastdays";

    [Range(1, 4096)]
    [Description("Images per batch")]
    public int Bs { get; init; } = 64;

    [Range(1, 100_000)]
    [Description("Batches per round and engine")]
    public int Batches { get; init; } = 20;

    [Range(1, 100)]
    [Description("Rounds, each engine in turn")]
    public int Rounds { get; init; } = 3;
}
