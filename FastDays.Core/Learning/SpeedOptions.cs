using FastDays.Hardware;

namespace FastDays.Learning;

/// <summary>How ToFastest chooses a learner's precision and memory format: each "auto" (decided for the machine and the model), or fixed.</summary>
public sealed record SpeedOptions
{
    /// <summary>auto (bfloat16 mixed precision on a CPU that computes bfloat16 natively, when it trains faster there, else float32), fp32 or bf16.</summary>
    public string Precision { get; init; } = "auto";

    /// <summary>auto (whichever layout a few timed training steps find faster), true or false.</summary>
    public string ChannelsLast { get; init; } = "auto";

    /// <summary>Whether auto precision on a CPU with native bfloat16 times a few training steps in each precision (true) or takes bfloat16 on the
    /// capability alone (false).</summary>
    public bool TimePrecision { get; init; } = true;

    /// <summary>The CPU to decide for (null: this machine's, CpuCapabilities.Detect).</summary>
    public CpuCapabilities? Cpu { get; init; }

    /// <summary>The file that keeps timed choices per machine and model shape, so that a repeated run makes the same choice (null: the user's
    /// ~/.fastdays/cache/memory-formats.tsv; empty: remembered only in this process).</summary>
    public string? CacheFile { get; init; }

    /// <summary>The training steps timed per layout, after one warm-up step each.</summary>
    public int Steps { get; init; } = 3;
}
