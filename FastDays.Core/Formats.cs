using static TorchSharp.torch;

namespace FastDays;

/// <summary>How shapes, lists and quoted input appear in FastDays' messages: [2, 3], and never longer than a line however long the input.</summary>
internal static class Formats
{
    /// <summary>The most items List shows.</summary>
    private const int MaxItems = 16;

    /// <summary>A tensor's shape as [d0, d1, …].</summary>
    public static string Shape(Tensor t) => List(t.shape);

    /// <summary>Items as [a, b, …]; past 16 items, the first ones and the count.</summary>
    public static string List<T>(IEnumerable<T> items)
    {
        var shown = items.Take(MaxItems + 1).ToList();
        if (shown.Count <= MaxItems) return $"[{string.Join(", ", shown)}]";
        return $"[{string.Join(", ", shown.Take(MaxItems - 1))}, … ({items.Count():N0} items)]";
    }

    /// <summary>Text quoted from input, cut to max characters (with the full length said) so that a message stays one short line.</summary>
    public static string Clip(string text, int max = 80)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : $"{line[..max]}… ({text.Length:N0} characters)";
    }
}
