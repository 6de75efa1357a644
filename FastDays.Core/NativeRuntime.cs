using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FastDays;

/// <summary>Process-wide settings for libtorch that FastDays applies when it is first loaded: the C allocator's policy on Linux/glibc.</summary>
/// <remarks>
/// libtorch frees its large activation buffers after every batch and allocates them again for the next. glibc serves blocks
/// above its (dynamic) mmap threshold with fresh mmap calls and trims freed memory back to the kernel, so every batch
/// page-faults its buffers in again: on a 2-core machine that was 2.8× the time of a batch. FastDays raises the mmap
/// threshold to glibc's maximum (32 MiB), which also stops the threshold from moving, keeps freed memory for re-use (trim
/// threshold 2 GiB) and grows the heap in 256 MiB steps. Memory then stays at its peak instead of being handed back — so the
/// number of arenas is capped at 2: each thread that allocates (a loader's prefetch, the trainer) would otherwise keep an arena of
/// its own at its peak (1,000,000-row tabular benchmark: 70–130 MB more resident, no change in time).
/// Set the environment variable FASTDAYS_ALLOCATOR=system to keep glibc's defaults (or when preloading jemalloc/tcmalloc).
/// </remarks>
public static class NativeRuntime
{
    private const int MTrimThreshold = -1, MTopPad = -2, MMmapThreshold = -3, MArenaMax = -8;

    /// <summary>What was applied, for logs: the settings, or why none were.</summary>
    public static string AllocatorPolicy { get; private set; } = "not applied";

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The allocator policy must be in place before libtorch allocates, in any program that uses FastDays.")]
    internal static void Initialize() => AllocatorPolicy = ApplyAllocatorPolicy(Environment.GetEnvironmentVariable("FASTDAYS_ALLOCATOR"));

    private static string ApplyAllocatorPolicy(string? choice)
    {
        if (string.Equals(choice, "system", StringComparison.OrdinalIgnoreCase)) return "system defaults (FASTDAYS_ALLOCATOR=system)";
        if (!string.IsNullOrEmpty(choice) && !string.Equals(choice, "tuned", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"FASTDAYS_ALLOCATOR must be 'tuned' (the default) or 'system', not '{choice}'");
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc) || !NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _))
            return "system defaults (not Linux with glibc)";
        var ok = mallopt(MMmapThreshold, 32 << 20) == 1 & mallopt(MTrimThreshold, int.MaxValue) == 1 & mallopt(MTopPad, 256 << 20) == 1
            & mallopt(MArenaMax, 2) == 1;
        return ok ? "glibc tuned: mmap threshold 32 MiB, trim threshold 2 GiB, top pad 256 MiB, 2 arenas"
            : "glibc refused the settings (mallopt); system defaults";
    }

    [DllImport("libc.so.6", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int mallopt(int param, int value);
}
