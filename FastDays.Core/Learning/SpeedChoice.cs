namespace FastDays.Learning;

/// <summary>What ToFastest chose and why: the precision, the memory format, and the options that repeat the choice.</summary>
/// <param name="Bf16">Whether training computes in bfloat16 mixed precision.</param>
/// <param name="ChannelsLast">Whether the model's weights are laid out channels-last.</param>
/// <param name="PrecisionReason">Why that precision (the option, or the CPU flags that decided it).</param>
/// <param name="MemoryFormatReason">Why that layout (the option, the timings, or the cache they came from).</param>
public sealed record SpeedChoice(bool Bf16, bool ChannelsLast, string PrecisionReason, string MemoryFormatReason)
{
    /// <summary>The command-line options that make the same choice without deciding again.</summary>
    public string Options => $"--precision {(Bf16 ? "bf16" : "fp32")} --channels-last {(ChannelsLast ? "true" : "false")}";

    /// <summary>One line for a run's log.</summary>
    public string Describe() =>
        $"{(Bf16 ? "bf16" : "fp32")} ({PrecisionReason}), {(ChannelsLast ? "channels-last" : "contiguous")} ({MemoryFormatReason}); repeat with {Options}";
}
