using System.Globalization;
using FastDays.Hardware;

namespace FastDays.Benchmarks;

/// <summary>A CPU's peak arithmetic: vector width from /proc/cpuinfo's AVX flags, two FMA units per core (true of the x86 server cores of recent
/// years: Intel since Skylake-SP's top parts, AMD since Zen 2 — stated, not measured), the clock measured by a chain of dependent one-cycle integer
/// operations (a virtual machine's "cpu MHz" is the nominal clock, not the boost it runs at), and the logical CPUs this process may use (virtual
/// CPUs may be hyperthreads of fewer cores: then the peak is lower).</summary>
internal sealed record CpuPeak(double GflopsFloat32, double GflopsBfloat16, string Derivation)
{
    /// <summary>This machine's.</summary>
    public static CpuPeak Detect()
    {
        var cpu = CpuCapabilities.Detect();
        var lanes = cpu.Flags.Contains("avx512f") ? 16 : cpu.Flags.Contains("avx2") ? 8 : 4;
        var ghz = MeasureClockGhz();
        var cpus = Environment.ProcessorCount;
        const int fmaUnits = 2;
        var fp32PerCycle = lanes * 2 * fmaUnits;   // a fused multiply-add is two operations
        // A bfloat16 dot-product instruction does two multiply-adds per float32 lane.
        var bf16PerCycle = cpu.NativeBf16 ? fp32PerCycle * 2 : fp32PerCycle;
        var derivation = string.Create(CultureInfo.InvariantCulture,
            $"{cpus} CPUs × {ghz:F2} GHz (measured; cpu MHz says {cpu.NominalGhz:F2}) × {fp32PerCycle} float32 operations a cycle " +
            $"({lanes} lanes × 2 for the FMA × {fmaUnits} FMA units)" +
            $"{(bf16PerCycle > fp32PerCycle ? $", {bf16PerCycle} in bfloat16 (two multiply-adds a lane for vdpbf16ps)" : "")}");
        return new CpuPeak(cpus * ghz * fp32PerCycle, cpus * ghz * bf16PerCycle, derivation);
    }

    // Eight dependent one-cycle operations (add, xor) an iteration; the loop's own counting runs beside them. The best of five runs.
    private static double MeasureClockGhz()
    {
        static ulong Chain(ulong x, ulong b, ulong c, long n)
        {
            for (long i = 0; i < n; i++)
            {
                x += b; x ^= c; x += b; x ^= c;
                x += b; x ^= c; x += b; x ^= c;
            }
            return x;
        }
        const long n = 50_000_000;
        var best = double.MaxValue;
        var sink = 0UL;
        for (var run = 0; run < 5; run++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            sink += Chain((ulong)run, 3, 5, n);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        GC.KeepAlive(sink);
        return 8.0 * n / best / 1e9;
    }
}
