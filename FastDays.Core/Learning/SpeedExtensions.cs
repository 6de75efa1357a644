using FastDays.Hardware;
using TorchSharp;

namespace FastDays.Learning;

/// <summary>Fast by default: a learner's precision and memory format chosen for the machine and the model, the way cuDNN's benchmark mode picks
/// kernels — bfloat16 where the CPU computes it natively and a few timed training steps say it is faster, channels-last where they say so.</summary>
public static class SpeedExtensions
{
    /// <summary>Applies the precision and memory format the options ask for, deciding each "auto" one, and returns the choice (print it: it says
    /// how to repeat the run).</summary>
    public static SpeedChoice ToFastest(this Learner learn, SpeedOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(learn);
        var o = options ?? new SpeedOptions();
        var cpu = o.Cpu ?? CpuCapabilities.Detect();
        var (bf16, precisionReason) = o.Precision switch
        {
            "fp32" => (false, "asked"),
            "bf16" => (true, "asked"),
            "auto" when learn.Device.type != DeviceType.CPU => (false, $"auto: float32 on {learn.Device.type}; ask for bf16 there"),
            "auto" when !cpu.NativeBf16 || !o.TimePrecision =>
                (cpu.NativeBf16, $"auto: {cpu.Name} {(cpu.NativeBf16 ? "has" : "lacks")} native bfloat16 ({cpu.Evidence})"),
            "auto" => TimedPrecision(learn, cpu, o),
            _ => throw new ArgumentException($"precision '{o.Precision}': use auto, fp32 or bf16", nameof(options)),
        };
        if (bf16) learn.ToBf16();
        else learn.ToFp32();
        var (channelsLast, formatReason) = o.ChannelsLast switch
        {
            "true" => (true, "asked"),
            "false" => (false, "asked"),
            "auto" => MemoryFormatTimer.Choose(learn, cpu, o),
            _ => throw new ArgumentException($"channels-last '{o.ChannelsLast}': use auto, true or false", nameof(options)),
        };
        if (channelsLast) learn.ToChannelsLast();
        else learn.ToContiguous();
        return new SpeedChoice(bf16, channelsLast, precisionReason, formatReason);
    }

    // bfloat16 is native here; whether it is also faster for this model, a few timed training steps say.
    private static (bool Bf16, string Reason) TimedPrecision(Learner learn, CpuCapabilities cpu, SpeedOptions o)
    {
        var (bf16, timing) = MemoryFormatTimer.ChoosePrecision(learn, cpu, o);
        return (bf16, $"auto: {cpu.Name} has native bfloat16 ({cpu.Evidence}); {timing}");
    }
}
