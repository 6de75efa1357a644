namespace FastDays.Tabular.Data;

/// <summary>The columns a processor works on: categorical columns as text (then as codes), continuous columns as numbers (NaN where missing).</summary>
public sealed class TabularFrame
{
    /// <summary>Categorical columns as text, null where missing.</summary>
    public Dictionary<string, string?[]> Cats { get; } = new(StringComparer.Ordinal);

    /// <summary>Categorical columns as codes into their vocabularies (set by Categorify).</summary>
    public Dictionary<string, long[]> Codes { get; } = new(StringComparer.Ordinal);

    /// <summary>Continuous columns, NaN where missing.</summary>
    public Dictionary<string, double[]> Conts { get; } = new(StringComparer.Ordinal);

    /// <summary>The categorical column names in model order (processors may add some).</summary>
    public List<string> CatNames { get; } = [];

    /// <summary>The continuous column names in model order.</summary>
    public List<string> ContNames { get; } = [];

    /// <summary>The number of rows.</summary>
    public int RowCount { get; private init; }

    /// <summary>Takes the named columns of a table; a continuous value that is not a number is an error naming the table, row and column.</summary>
    public static TabularFrame From(Table table, IEnumerable<string> catNames, IEnumerable<string> contNames)
    {
        ArgumentNullException.ThrowIfNull(table);
        var frame = new TabularFrame { RowCount = table.RowCount };
        foreach (var name in catNames)
        {
            frame.CatNames.Add(name);
            frame.Cats[name] = table.Has(name) ? [.. table[name]] : new string?[table.RowCount];
        }
        foreach (var name in contNames)
        {
            frame.ContNames.Add(name);
            var values = new double[table.RowCount];
            var column = table.Has(name) ? table[name] : new string?[table.RowCount];
            for (var i = 0; i < values.Length; i++)
                values[i] = column[i] is not { } text ? double.NaN
                    : !Table.ParseNumber(text, out var v) ? throw new FormatException($"{table.Source}: row {i + 1}, column '{name}': " +
                        $"'{Formats.Clip(text)}' is not a number (it is a continuous column)")
                    : double.IsInfinity(v) ? throw new FormatException($"{table.Source}: row {i + 1}, column '{name}': '{Formats.Clip(text)}' is " +
                        "infinite; a continuous value must be finite (or missing)")
                    : v;   // NaN is missing, as in pandas
            frame.Conts[name] = values;
        }
        return frame;
    }
}
