using System.Globalization;
using CsvHelper;
using FastDays.Persistence;
using Microsoft.Data.Analysis;

namespace FastDays.Tabular.Data;

/// <summary>A table in memory: named columns, each stored as codes into its distinct texts or as numbers (TableColumn), read from a CSV file,
/// built from rows or columns, or taken from a Microsoft.Data.Analysis DataFrame.</summary>
public sealed class Table
{
    private readonly Dictionary<string, TableColumn> _columns;

    /// <summary>Makes a table from equally long columns of texts (null where missing); source names it in errors (a file name, say).</summary>
    public Table(IReadOnlyList<string> names, IReadOnlyList<string?[]> columns, string source = "table")
        : this(names, columns is null ? null! : [.. columns.Select(c => TableColumn.FromText(c))], source)
    {
    }

    private Table(IReadOnlyList<string> names, IReadOnlyList<TableColumn> columns, string source)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(columns);
        if (names.Count != columns.Count) throw new ArgumentException($"{source}: {names.Count} names for {columns.Count} columns");
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"{source}: the column name '{duplicate.Key}' appears twice");
        if (columns.Select(c => c.Count).Distinct().Count() > 1)
            throw new ArgumentException($"{source}: columns of different lengths ({string.Join(", ", columns.Select(c => c.Count).Distinct())})");
        (Names, Source, RowCount) = ([.. names], source, columns.Count == 0 ? 0 : columns[0].Count);
        _columns = names.Zip(columns).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Where the table came from, for error messages.</summary>
    public string Source { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>A column (its values as text, null where missing).</summary>
    public TableColumn this[string name] => _columns.TryGetValue(name, out var c) ? c
        : throw new KeyNotFoundException($"{Source}: no column '{name}' (columns: {string.Join(", ", Names)})");

    /// <summary>Whether the table has a column of that name.</summary>
    public bool Has(string name) => _columns.ContainsKey(name);

    /// <summary>One row as column name → value.</summary>
    public IReadOnlyDictionary<string, string?> Row(int index) => Names.ToDictionary(n => n, n => _columns[n][index], StringComparer.Ordinal);

    /// <summary>The rows at these indices, in this order.</summary>
    public Table Rows(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        // Columns that share a view share the new one: one array of row numbers for the table, not one per column.
        var maps = new Dictionary<object, int[]>(ReferenceEqualityComparer.Instance);
        var whole = new object();
        return new(Names, [.. Names.Select(n => _columns[n]).Select(c =>
        {
            var key = (object?)c.RowMap ?? whole;
            if (!maps.TryGetValue(key, out var rows)) maps[key] = rows = c.StorageRows(indices);
            return c.View(rows);
        })], Source);
    }

    /// <summary>The table without these columns (each must exist).</summary>
    public Table Drop(params string[] names)
    {
        foreach (var n in names) _ = this[n];
        var dropped = names.ToHashSet(StringComparer.Ordinal);
        var kept = Names.Where(n => !dropped.Contains(n)).ToList();
        return new Table(kept, [.. kept.Select(n => _columns[n])], Source);
    }

    /// <summary>The table with a column of texts added (or replaced).</summary>
    public Table With(string name, string?[] values) => With(name, TableColumn.FromText(values));

    /// <summary>The table with a column added (or replaced).</summary>
    public Table With(string name, TableColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.Count != RowCount) throw new ArgumentException($"{Source}: column '{name}' has {column.Count} values for {RowCount} rows");
        var names = Has(name) ? Names.ToList() : [.. Names, name];
        return new Table(names, [.. names.Select(n => n == name ? column : _columns[n])], Source);
    }

    /// <summary>A table of equally long columns; source names it in errors.</summary>
    public static Table FromColumns(IReadOnlyList<string> names, IReadOnlyList<TableColumn> columns, string source = "table") => new(names, columns, source);

    /// <summary>A Microsoft.Data.Analysis DataFrame as a table (nulls missing): numeric columns become numbers — whole-number types count as
    /// integers, floating-point ones never do, as pandas reads a float column — and every other column text; source names it in errors.</summary>
    public static Table FromDataFrame(DataFrame frame, string source = "DataFrame")
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new(frame.Columns.Select(c => c.Name).ToList(), frame.Columns.Select(c => DataFrameColumns.Column(c, source)).ToList(), source);
    }

    /// <summary>A table of rows given as column name → value; a name missing from a row is a missing value.</summary>
    public static Table FromRows(IReadOnlyList<IReadOnlyDictionary<string, string?>> rows, string source = "rows")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var names = rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToList();
        return new Table(names, [.. names.Select(n => rows.Select(r => r.GetValueOrDefault(n)).ToArray())], source);
    }

    /// <summary>Reads a CSV file: every row must have as many fields as the header (or the first row); values in MissingValues become missing.
    /// Each column is stored as it is read (TableColumn), so no row is ever held as strings.</summary>
    public static Table ReadCsv(string path, TableReadOptions? options = null)
    {
        options ??= new TableReadOptions();
        var missing = options.MissingValues.ToHashSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var csvOptions = new CsvReaderOptions
        {
            HasHeader = false, Separator = options.Separator, FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Throw, TrackLineNumbers = true, SkipEmptyLines = true,
        };
        var names = options.Names?.ToList();
        List<TableColumnBuilder>? columns = null;
        var (skipped, headerPending) = (0, options.HasHeader);
        var buffer = new char[256];
        try
        {
            using var reader = CsvReader.Create(SafeFile.OpenRead(path, "CSV file", FileOptions.SequentialScan), csvOptions, leaveOpen: false);
            while (reader.Read())
            {
                if (skipped++ < options.SkipRows) continue;
                if (columns is null)
                {
                    var fields = new string[reader.FieldCount];
                    for (var i = 0; i < fields.Length; i++) fields[i] = reader.GetString(i).Trim();
                    names ??= headerPending ? [.. fields] : [.. Enumerable.Range(0, fields.Length).Select(i => $"column_{i}")];
                    if (names.Count != fields.Length)
                        throw new FormatException($"{path}: {names.Count} column names for lines of {fields.Length} fields");
                    columns = [.. names.Select(_ => new TableColumnBuilder())];
                    if (headerPending)
                    {
                        headerPending = false;
                        continue;
                    }
                }
                if (reader.FieldCount != columns.Count)
                    throw new FormatException($"{path}: line {reader.LineNumber} has {reader.FieldCount} fields, the table has {columns.Count} columns " +
                        $"({string.Join(", ", names!)})");
                for (var i = 0; i < columns.Count; i++)
                {
                    var length = reader.GetSpan(i).Length;   // UTF-8 bytes: never fewer than the UTF-16 chars
                    if (length > buffer.Length) buffer = new char[Math.Max(length, buffer.Length * 2)];
                    var field = buffer.AsSpan(0, reader.GetChars(i, buffer)).Trim();
                    if (missing.Contains(field)) columns[i].AddMissing();
                    else columns[i].Add(field);
                }
            }
        }
        catch (CsvFormatException e) { throw new FormatException($"{path}: malformed CSV ({e.Message})", e); }
        var built = columns?.Select(c => c.Build()).ToList();
        if (built is null || built[0].Count == 0) throw new InvalidDataException($"{path}: the table has no rows");
        return new Table(names!, built, path);
    }

    /// <summary>Whether every present value of a column reads as a number (invariant culture), infinities and NaN included, as pandas reads a column
    /// of floats; the processing then refuses the infinities with the row named.</summary>
    public bool IsNumeric(string name) => this[name].IsNumeric;

    /// <summary>Whether every present value of a column is a whole number.</summary>
    public bool IsInteger(string name) => this[name].IsInteger;

    /// <summary>Reads a number as pandas does: invariant culture, with inf, -inf, infinity and nan in any case; NaN and the infinities are numbers here
    /// (TryNumber refuses them).</summary>
    public static bool ParseNumber(string text, out double value)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParseNumber(text.AsSpan(), out value);
    }

    /// <summary>Reads a number from a span as ParseNumber(string) does.</summary>
    public static bool ParseNumber(ReadOnlySpan<char> text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        var sign = text.StartsWith('-') ? -1 : 1;
        var word = text.TrimStart("+-");
        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            value = sign * double.PositiveInfinity;
        else if (word.Equals("nan", StringComparison.OrdinalIgnoreCase)) value = double.NaN;
        else return false;
        return text.Length - word.Length <= 1;
    }

    /// <summary>Whether a column has missing values.</summary>
    public bool HasMissing(string name) => this[name].HasMissing;

    /// <summary>Reads a number the way columns are parsed (invariant culture, NaN and infinities refused).</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
