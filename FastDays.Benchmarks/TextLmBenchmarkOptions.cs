using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `text-lm`.</summary>
internal sealed record TextLmBenchmarkOptions
{
    [Range(16, 1_000_000)]
    [Description("The vocabulary size")]
    public int Vocab { get; init; } = 5760;

    [Range(8, 4096)]
    [Description("The embedding size (fastai: 400; `text`: 96)")]
    public int EmbSz { get; init; } = 96;

    [Range(8, 8192)]
    [Description("The LSTM's hidden size (fastai: 1152; `text`: 256)")]
    public int NHid { get; init; } = 256;

    [Range(1, 8)]
    [Description("LSTM layers (fastai: 3; `text`: 2)")]
    public int NLayers { get; init; } = 2;

    [Range(1, 4096)]
    [Description("The batch size")]
    public int Bs { get; init; } = 64;

    [Range(1, 4096)]
    [Description("Tokens per window")]
    public int SeqLen { get; init; } = 72;

    [Range(1, 100_000)]
    [Description("Timed training steps per run (after 3 warm-up steps)")]
    public int Batches { get; init; } = 10;

    [Range(1, 100)]
    [Description("Alternating runs of each variant")]
    public int Repeats { get; init; } = 2;

    [Description("Also run the same model in Debian's PyTorch (python3-torch), alternating with FastDays")]
    public bool Python { get; init; } = true;
}
