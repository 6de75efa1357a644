namespace FastDays.Hardware;

/// <summary>What the CPU offers that changes which training variant is fastest: its name and whether it computes bfloat16 natively (AVX512-BF16 or
/// AMX-BF16), from /proc/cpuinfo on Linux; elsewhere nothing is assumed.</summary>
/// <param name="Name">The CPU's model name, or "unknown CPU".</param>
/// <param name="NativeBf16">Whether the CPU has bfloat16 dot-product instructions that libtorch's oneDNN uses.</param>
/// <param name="Evidence">The flags that decided NativeBf16, or why nothing could be read.</param>
public sealed record CpuCapabilities(string Name, bool NativeBf16, string Evidence)
{
    private static readonly Lazy<CpuCapabilities> Detected = new(() => OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo")
        ? Parse(File.ReadAllText("/proc/cpuinfo"))
        : new CpuCapabilities("unknown CPU", false, "no /proc/cpuinfo to read"));

    /// <summary>Every flag the CPU lists (empty where nothing could be read).</summary>
    public IReadOnlySet<string> Flags { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The clock /proc/cpuinfo reports in GHz ("cpu MHz": in a virtual machine the nominal clock, not the boost), or NaN.</summary>
    public double NominalGhz { get; init; } = double.NaN;

    /// <summary>The flags that mean native bfloat16 arithmetic.</summary>
    public static IReadOnlyList<string> Bf16Flags { get; } = ["avx512_bf16", "amx_bf16"];

    /// <summary>This machine's CPU (read once per process).</summary>
    public static CpuCapabilities Detect() => Detected.Value;

    /// <summary>The capabilities a /proc/cpuinfo text describes (its first processor).</summary>
    public static CpuCapabilities Parse(string cpuinfo)
    {
        ArgumentNullException.ThrowIfNull(cpuinfo);
        string? Field(string key) => cpuinfo.Split('\n')
            .Select(line => line.Split(':', 2))
            .FirstOrDefault(kv => kv.Length == 2 && kv[0].Trim() == key)?[1].Trim();
        var name = Field("model name") is { Length: > 0 } n ? n : "unknown CPU";
        var flags = (Field("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var native = Bf16Flags.Where(flags.Contains).ToList();
        var ghz = double.TryParse(Field("cpu MHz"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture,
            out var mhz) ? mhz / 1000 : double.NaN;
        return new CpuCapabilities(name, native.Count > 0, native.Count > 0 ? string.Join(", ", native) : $"none of {string.Join(", ", Bf16Flags)}")
        {
            Flags = flags,
            NominalGhz = ghz,
        };
    }
}
