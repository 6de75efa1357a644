namespace FastDays;

/// <summary>Deterministic seed mixing (SplitMix64), the same in every process, for the per-item and per-batch random draws of loaders and transforms.</summary>
/// <remarks>System.HashCode is randomised per process, so seeds made with it give different augmentations on every run.</remarks>
public static class Seeds
{
    /// <summary>The next output of a SplitMix64 generator whose state is state (the state advanced by its constant first).</summary>
    public static ulong SplitMix64(ulong state)
    {
        var z = state + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A 32-bit seed mixed from several numbers, order-sensitive and the same in every process.</summary>
    public static int Combine(params ReadOnlySpan<long> parts)
    {
        var h = 0x2545F4914F6CDD1DUL;
        foreach (var p in parts) h = SplitMix64(h ^ unchecked((ulong)p));
        return unchecked((int)(h ^ (h >> 32)));
    }
}
