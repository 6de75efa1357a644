namespace FastDays.Tabular.Data;

/// <summary>The columns a processor works on: categorical columns as a table stores them (then as codes), continuous columns as numbers (NaN
/// where missing).</summary>
public sealed class TabularFrame
{
    /// <summary>Categorical columns as the table stores them.</summary>
    public Dictionary<string, TableColumn> Cats { get; } = new(StringComparer.Ordinal);

    /// <summary>Categorical columns as codes into their vocabularies (set by Categorify).</summary>
    public Dictionary<string, int[]> Codes { get; } = new(StringComparer.Ordinal);

    /// <summary>Continuous columns, NaN where missing.</summary>
    public Dictionary<string, double[]> Conts { get; } = new(StringComparer.Ordinal);

    /// <summary>The categorical column names in model order (processors may add some).</summary>
    public List<string> CatNames { get; } = [];

    /// <summary>The continuous column names in model order.</summary>
    public List<string> ContNames { get; } = [];

    /// <summary>The number of rows.</summary>
    public int RowCount { get; private init; }

    /// <summary>Takes the named columns of a table (an absent one is missing in every row); a continuous value that is not a number is an error
    /// naming the table, row and column.</summary>
    public static TabularFrame From(Table table, IEnumerable<string> catNames, IEnumerable<string> contNames) => From(table, catNames, contNames, 0);

    /// <summary>As From, for a block of a larger table that starts at row firstRow (errors count rows from there).</summary>
    internal static TabularFrame From(Table table, IEnumerable<string> catNames, IEnumerable<string> contNames, int firstRow)
    {
        ArgumentNullException.ThrowIfNull(table);
        var frame = new TabularFrame { RowCount = table.RowCount };
        var absent = TableColumn.OfCodes(Enumerable.Repeat(-1, table.RowCount).ToArray(), []);
        foreach (var name in catNames)
        {
            frame.CatNames.Add(name);
            frame.Cats[name] = table.Has(name) ? table[name] : absent;
        }
        foreach (var name in contNames)
        {
            frame.ContNames.Add(name);
            frame.Conts[name] = table.Has(name) ? Numbers(table, name, firstRow) : Enumerable.Repeat(double.NaN, table.RowCount).ToArray();
        }
        return frame;
    }

    // A copy (processing fills and normalises in place); each distinct text is read once.
    private static double[] Numbers(Table table, string name, int firstRow)
    {
        var column = table[name];
        var values = new double[column.Count];
        if (column.StoresNumbers) for (var i = 0; i < values.Length; i++) values[i] = column.NumberAt(i);
        else
        {
            var texts = column.Texts!;
            var parsed = new double[texts.Length];
            var readable = new bool[texts.Length];
            for (var t = 0; t < texts.Length; t++) readable[t] = Table.ParseNumber(texts[t], out parsed[t]);
            for (var i = 0; i < values.Length; i++)
                values[i] = column.CodeAt(i) is not (var code and >= 0) ? double.NaN
                    : readable[code] ? parsed[code]
                    : throw new FormatException($"{table.Source}: row {firstRow + i + 1}, column '{name}': '{Formats.Clip(texts[code])}' is not a number " +
                        "(it is a continuous column)");
        }
        var infinite = Array.FindIndex(values, double.IsInfinity);   // NaN is missing, as in pandas; an infinity is refused
        if (infinite >= 0)
            throw new FormatException($"{table.Source}: row {firstRow + infinite + 1}, column '{name}': '{Formats.Clip(column[infinite]!)}' is infinite; " +
                "a continuous value must be finite (or missing)");
        return values;
    }
}
