using System.Globalization;
using System.Text;

namespace FastDays.Foundations;

/// <summary>The result of <see cref="GradientCheck.Run"/>: one row per pair of gradient computations.</summary>
/// <param name="Rows">The comparisons, in the order they were made.</param>
/// <param name="Epsilon">The step of the centred finite differences.</param>
public sealed record GradientCheckReport(IReadOnlyList<GradientCheckRow> Rows, double Epsilon)
{
    /// <summary>The row whose comparison has the given name.</summary>
    public GradientCheckRow this[string comparison] =>
        Rows.FirstOrDefault(r => r.Comparison == comparison)
        ?? throw new KeyNotFoundException($"no gradient-check row '{comparison}' (have: {string.Join(", ", Rows.Select(r => r.Comparison))})");

    /// <summary>The rows as an aligned text table.</summary>
    public string Format()
    {
        var width = Math.Max(10, Rows.Max(r => r.Comparison.Length));
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"comparison".PadRight(width)}  {"max |abs err|",14}  {"relative err",14}");
        foreach (var row in Rows)
            text.AppendLine(CultureInfo.InvariantCulture, $"{row.Comparison.PadRight(width)}  {row.MaxAbsError,14:E3}  {row.RelativeError,14:E3}");
        return text.ToString();
    }
}
