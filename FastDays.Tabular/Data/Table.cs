using System.Globalization;
using CsvHelper;
using FastDays.Persistence;

namespace FastDays.Tabular.Data;

/// <summary>A table in memory: named columns of text values (null where missing), read from a CSV file or built from rows.</summary>
public sealed class Table
{
    private readonly Dictionary<string, string?[]> _columns;

    /// <summary>Makes a table from equally long columns; source names it in errors (a file name, say).</summary>
    public Table(IReadOnlyList<string> names, IReadOnlyList<string?[]> columns, string source = "table")
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(columns);
        if (names.Count != columns.Count) throw new ArgumentException($"{source}: {names.Count} names for {columns.Count} columns");
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"{source}: the column name '{duplicate.Key}' appears twice");
        if (columns.Select(c => c.Length).Distinct().Count() > 1)
            throw new ArgumentException($"{source}: columns of different lengths ({string.Join(", ", columns.Select(c => c.Length).Distinct())})");
        (Names, Source, RowCount) = ([.. names], source, columns.Count == 0 ? 0 : columns[0].Length);
        _columns = names.Zip(columns).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Where the table came from, for error messages.</summary>
    public string Source { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The values of a column (null where missing).</summary>
    public IReadOnlyList<string?> this[string name] => _columns.TryGetValue(name, out var c) ? c
        : throw new KeyNotFoundException($"{Source}: no column '{name}' (columns: {string.Join(", ", Names)})");

    /// <summary>Whether the table has a column of that name.</summary>
    public bool Has(string name) => _columns.ContainsKey(name);

    /// <summary>One row as column name → value.</summary>
    public IReadOnlyDictionary<string, string?> Row(int index) => Names.ToDictionary(n => n, n => _columns[n][index], StringComparer.Ordinal);

    /// <summary>The rows at these indices, in this order.</summary>
    public Table Rows(IReadOnlyList<int> indices) =>
        new(Names, [.. Names.Select(n => indices.Select(i => _columns[n][i]).ToArray())], Source);

    /// <summary>The table without these columns (each must exist).</summary>
    public Table Drop(params string[] names)
    {
        foreach (var n in names) _ = this[n];
        var dropped = names.ToHashSet(StringComparer.Ordinal);
        var kept = Names.Where(n => !dropped.Contains(n)).ToList();
        return new Table(kept, [.. kept.Select(n => _columns[n])], Source);
    }

    /// <summary>The table with a column added (or replaced).</summary>
    public Table With(string name, string?[] values)
    {
        if (values.Length != RowCount) throw new ArgumentException($"{Source}: column '{name}' has {values.Length} values for {RowCount} rows");
        var names = Has(name) ? Names.ToList() : [.. Names, name];
        return new Table(names, [.. names.Select(n => n == name ? values : _columns[n])], Source);
    }

    /// <summary>A table of rows given as column name → value; a name missing from a row is a missing value.</summary>
    public static Table FromRows(IReadOnlyList<IReadOnlyDictionary<string, string?>> rows, string source = "rows")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var names = rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToList();
        return new Table(names, [.. names.Select(n => rows.Select(r => r.GetValueOrDefault(n)).ToArray())], source);
    }

    /// <summary>Reads a CSV file: every row must have as many fields as the header (or the first row); values in MissingValues become null.</summary>
    public static Table ReadCsv(string path, TableReadOptions? options = null)
    {
        options ??= new TableReadOptions();
        var missing = options.MissingValues.ToHashSet(StringComparer.Ordinal);
        var csvOptions = new CsvReaderOptions
        {
            HasHeader = false, Separator = options.Separator, FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Throw, TrackLineNumbers = true, SkipEmptyLines = true, PoolStrings = true,
        };
        var names = options.Names?.ToList();
        var columns = new List<List<string?>>();
        var (skipped, headerPending) = (0, options.HasHeader);
        try
        {
            using var reader = CsvReader.Create(SafeFile.OpenRead(path, "CSV file", FileOptions.SequentialScan), csvOptions, leaveOpen: false);
            while (reader.Read())
            {
                if (skipped++ < options.SkipRows) continue;
                var fields = new string[reader.FieldCount];
                for (var i = 0; i < fields.Length; i++) fields[i] = reader.GetString(i).Trim();
                if (columns.Count == 0)
                {
                    names ??= headerPending ? [.. fields] : [.. Enumerable.Range(0, fields.Length).Select(i => $"column_{i}")];
                    if (names.Count != fields.Length)
                        throw new FormatException($"{path}: {names.Count} column names for lines of {fields.Length} fields");
                    columns.AddRange(names.Select(_ => new List<string?>()));
                    if (headerPending)
                    {
                        headerPending = false;
                        continue;
                    }
                }
                if (fields.Length != columns.Count)
                    throw new FormatException($"{path}: line {reader.LineNumber} has {fields.Length} fields, the table has {columns.Count} columns " +
                        $"({string.Join(", ", names!)})");
                for (var i = 0; i < fields.Length; i++) columns[i].Add(missing.Contains(fields[i]) ? null : fields[i]);
            }
        }
        catch (CsvFormatException e) { throw new FormatException($"{path}: malformed CSV ({e.Message})", e); }
        if (columns.Count == 0 || columns[0].Count == 0) throw new InvalidDataException($"{path}: the table has no rows");
        return new Table(names!, [.. columns.Select(c => c.ToArray())], path);
    }

    /// <summary>Whether every present value of a column reads as a number (invariant culture), infinities and NaN included, as pandas reads a column
    /// of floats; the processing then refuses the infinities with the row named.</summary>
    public bool IsNumeric(string name) => this[name].All(v => v is null || ParseNumber(v, out _));

    /// <summary>Whether every present value of a column is a whole number.</summary>
    public bool IsInteger(string name) => this[name].All(v => v is null || (TryNumber(v, out var d) && Math.Abs(d - Math.Round(d)) == 0 && !v.Contains('.')));

    /// <summary>Reads a number as pandas does: invariant culture, with inf, -inf, infinity and nan in any case; NaN and the infinities are numbers here
    /// (TryNumber refuses them).</summary>
    public static bool ParseNumber(string text, out double value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        var sign = text.StartsWith('-') ? -1 : 1;
        var word = text.TrimStart('+', '-');
        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            value = sign * double.PositiveInfinity;
        else if (word.Equals("nan", StringComparison.OrdinalIgnoreCase)) value = double.NaN;
        else return false;
        return text.Length - word.Length <= 1;
    }

    /// <summary>Whether a column has missing values.</summary>
    public bool HasMissing(string name) => this[name].Any(v => v is null);

    /// <summary>Reads a number the way columns are parsed (invariant culture, NaN and infinities refused).</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
