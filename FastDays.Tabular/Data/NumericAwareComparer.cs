using System.Globalization;

namespace FastDays.Tabular.Data;

/// <summary>Orders numbers numerically and before text, and text ordinally (how fastai's vocabularies sort a column's values).</summary>
internal sealed class NumericAwareComparer : IComparer<string?>
{
    /// <summary>The comparer.</summary>
    public static NumericAwareComparer Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        var (nx, ny) = (x is not null && Table.TryNumber(x, out var a), y is not null && Table.TryNumber(y, out var b));
        if (nx && ny) return double.Parse(x!, CultureInfo.InvariantCulture).CompareTo(double.Parse(y!, CultureInfo.InvariantCulture));
        if (nx != ny) return nx ? -1 : 1;
        return string.CompareOrdinal(x, y);
    }
}
