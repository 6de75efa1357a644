using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Modules;

/// <summary>Finds parameters that are one tensor under two names (tied weights: a decoder sharing its embedding's matrix). TorchSharp may hand out a
/// new wrapper for each name, so identity is the memory the tensor views — its storage, offset, shape and strides.</summary>
internal static class SharedParameters
{
    /// <summary>What makes two parameters the same tensor.</summary>
    public static (IntPtr Storage, long Offset, string Shape, string Strides) Key(Tensor p) =>
        (p.storage<byte>().data_ptr(), p.storage_offset(), string.Join(',', p.shape), string.Join(',', p.stride()));

    /// <summary>The groups with every tensor kept once, in its first group at its first place (as PyTorch's parameters() yields a shared one once).
    /// </summary>
    public static List<List<Parameter>> Distinct(IEnumerable<IEnumerable<Parameter>> groups)
    {
        var seen = new HashSet<(IntPtr, long, string, string)>();
        return [.. groups.Select(g => g.Where(p => seen.Add(Key(p))).ToList())];
    }
}
