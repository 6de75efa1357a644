using static TorchSharp.torch;

namespace FastDays;

/// <summary>How shapes and lists appear in FastDays' messages: [2, 3].</summary>
internal static class Formats
{
    /// <summary>A tensor's shape as [d0, d1, …].</summary>
    public static string Shape(Tensor t) => List(t.shape);

    /// <summary>Items as [a, b, …].</summary>
    public static string List<T>(IEnumerable<T> items) => $"[{string.Join(", ", items)}]";
}
