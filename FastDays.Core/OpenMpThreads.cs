using System.Runtime.InteropServices;

namespace FastDays;

/// <summary>Keeps helper threads out of libtorch's OpenMP thread pool. Every host thread that starts a parallel region gets a pool of its own, and
/// once libgomp manages more threads than there are CPUs it throttles its spin-waiting to 100 iterations, so the trainer's worker threads sleep
/// and are woken through the kernel between every two parallel regions (measured: an XResNet epoch 1.35× slower with a prefetching loader
/// beside it; docs/benchmarks.md). A helper thread that runs tensor code (a loader's prefetch) calls UseOneThreadHere first: its regions then run
/// on itself alone and libgomp's count stays at the trainer's threads.</summary>
public static class OpenMpThreads
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetNumThreads(int n);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int GetMaxThreads();

    private static readonly Lazy<nint> Gomp = new(Find);

    [ThreadStatic]
    private static bool _limited;

    /// <summary>Whether libtorch's OpenMP runtime was found (false where libtorch uses another threading runtime or is not loaded).</summary>
    public static bool Available => Gomp.Value != 0;

    /// <summary>Makes the calling thread's parallel regions use one thread (OpenMP's per-thread nthreads-var; other threads keep theirs).</summary>
    public static void UseOneThreadHere()
    {
        if (_limited || !Available || !NativeLibrary.TryGetExport(Gomp.Value, "omp_set_num_threads", out var set)) return;
        // libtorch sets a thread's OpenMP thread count to its process-wide one (torch.set_num_threads) at the thread's first parallel loop; one
        // small gather (index_select runs through at::parallel_for whatever its size) makes that happen now, so the setting below stays.
        using (var probe = TorchSharp.torch.ones(4, 2))
        using (var first = TorchSharp.torch.zeros(1, TorchSharp.torch.ScalarType.Int64))
        using (probe.index_select(0, first)) { }
        Marshal.GetDelegateForFunctionPointer<SetNumThreads>(set)(1);
        _limited = true;
    }

    /// <summary>The threads the calling thread's next parallel region would use (0 when the runtime was not found).</summary>
    public static int MaxThreadsHere() => Available && NativeLibrary.TryGetExport(Gomp.Value, "omp_get_max_threads", out var get)
        ? Marshal.GetDelegateForFunctionPointer<GetMaxThreads>(get)() : 0;

    // libtorch's own libgomp (bundled under a hashed name next to it on Linux), as loaded in this process.
    private static nint Find()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        using (TorchSharp.torch.zeros(1)) { }   // libtorch (and its OpenMP runtime) loaded
        try
        {
            var path = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length >= 6 && Path.GetFileName(f[^1]).StartsWith("libgomp", StringComparison.Ordinal)).Select(f => f[^1]).FirstOrDefault();
            return path is not null && NativeLibrary.TryLoad(path, out var gomp) ? gomp : 0;
        }
        catch (IOException) { return 0; }
    }
}
