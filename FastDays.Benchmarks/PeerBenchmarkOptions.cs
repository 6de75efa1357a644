using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `peer`.</summary>
internal sealed record PeerBenchmarkOptions
{
    [Range(2, 100)]
    [Description("Epochs per run (the last is the steady one compared; the first pays the start-up)")]
    public int Epochs { get; init; } = 2;

    [Range(1, 20)]
    [Description("Alternating rounds of every variant in both frameworks")]
    public int Rounds { get; init; } = 2;

    [Description("Variants, comma-separated: fp32, channels_last, bf16_channels_last, and default (FastDays' automatic choice against PyTorch's fp32)")]
    public string Variants { get; init; } = "fp32,channels_last,bf16_channels_last,default";

    [Range(1, 64)]
    [Description("Threads of both frameworks")]
    public int Threads { get; init; } = 2;

    [Description("Where FastDays' runs write their checkpoints and exports")]
    public string Out { get; init; } = "runs/peer";
}
