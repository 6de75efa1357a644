using System.Collections;
using System.Globalization;

namespace FastDays.Tabular.Data;

/// <summary>One column of a Table: codes into its distinct texts or, when it has many distinct values that all read as numbers, the numbers
/// themselves (NaN where missing), so a row costs 4 or 8 bytes rather than a string.</summary>
/// <remarks>A column stored as numbers shows each value in its shortest round-trip form (1.50 reads back as 1.5), as pandas shows a float
/// column; a column with few distinct values keeps its texts exactly. A column taken from another (Take, Table.Rows) is a view: it shares
/// the storage and keeps only the row numbers.</remarks>
public sealed class TableColumn : IReadOnlyList<string?>
{
    /// <summary>Above this many distinct values, a column whose values all read as numbers is stored as numbers.</summary>
    public const int NumberThreshold = 1024;

    private readonly int[]? _codes;       // -1 where missing
    private readonly string[]? _texts;
    private readonly double[]? _numbers;  // NaN where missing
    private readonly bool _pointless;     // numbers: no value was written with a decimal point
    private readonly int[]? _rows;        // a view's rows of the storage; null: all of it, in order

    private (bool Numeric, bool Integer)? _kind;   // worked out on first asking: the processing's row blocks never ask

    private TableColumn(int[] codes, string[] texts, int[]? rows = null) => (_codes, _texts, _rows) = (codes, texts, rows);

    private TableColumn(double[] numbers, bool pointless, int[]? rows = null) => (_numbers, _pointless, _rows) = (numbers, pointless, rows);

    /// <summary>The number of rows.</summary>
    public int Count => _rows?.Length ?? _numbers?.Length ?? _codes!.Length;

    /// <summary>A row's value as text, null where missing.</summary>
    public string? this[int index] => _numbers is not null ? NumberAt(index) is var v && double.IsNaN(v) ? null : v.ToString(CultureInfo.InvariantCulture)
        : CodeAt(index) is var c and >= 0 ? _texts![c] : null;

    /// <summary>Whether every present value reads as a number (invariant culture; NaN and infinities included, as pandas reads them).</summary>
    public bool IsNumeric => Kind().Numeric;

    /// <summary>Whether every present value is a finite whole number written without a decimal point.</summary>
    public bool IsInteger => Kind().Integer;

    /// <summary>Whether the column is stored as numbers rather than as codes into its texts.</summary>
    public bool StoresNumbers => _numbers is not null;

    /// <summary>Whether any value is missing.</summary>
    public bool HasMissing
    {
        get
        {
            for (var i = 0; i < Count; i++) if (_numbers is not null ? double.IsNaN(NumberAt(i)) : CodeAt(i) < 0) return true;
            return false;
        }
    }

    /// <summary>The number of distinct present values.</summary>
    public int DistinctCount() => _numbers is not null ? Enumerable.Range(0, Count).Select(NumberAt).Where(v => !double.IsNaN(v)).Distinct().Count()
        : Used().Count(u => u);

    /// <summary>The rows at these indices, in this order: a view sharing this column's storage.</summary>
    public TableColumn Take(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return View(StorageRows(rows));
    }

    /// <summary>A column of texts (null where missing), stored as codes into its distinct values.</summary>
    public static TableColumn FromText(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            if (values[i] is not { } v) codes[i] = -1;
            else if (!index.TryGetValue(v, out codes[i])) index.Add(v, codes[i] = index.Count);
        }
        var texts = new string[index.Count];
        foreach (var (text, code) in index) texts[code] = text;
        return new TableColumn(codes, texts);
    }

    /// <summary>A column of numbers (NaN where missing); whole numbers count as integers.</summary>
    public static TableColumn FromNumbers(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new TableColumn(values, pointless: true);
    }

    /// <inheritdoc />
    public IEnumerator<string?> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The distinct texts the codes point into, or null when the column stores numbers.</summary>
    internal string[]? Texts => _texts;

    /// <summary>The storage rows a view shows (null: all, in order); views of one table share this array.</summary>
    internal int[]? RowMap => _rows;

    /// <summary>A row's code into Texts (-1 where missing); only for a column that stores codes.</summary>
    internal int CodeAt(int row) => _codes![_rows is null ? row : _rows[row]];

    /// <summary>A row's number (NaN where missing); only for a column that stores numbers.</summary>
    internal double NumberAt(int row) => _numbers![_rows is null ? row : _rows[row]];

    /// <summary>These rows of this column's view as rows of its storage.</summary>
    internal int[] StorageRows(IReadOnlyList<int> rows)
    {
        var mapped = new int[rows.Count];
        for (var i = 0; i < mapped.Length; i++)
            mapped[i] = (uint)rows[i] < (uint)Count ? _rows is null ? rows[i] : _rows[rows[i]]
                : throw new ArgumentOutOfRangeException(nameof(rows), rows[i], $"a row outside the column's {Count}");
        return mapped;
    }

    /// <summary>The view of these storage rows (from StorageRows).</summary>
    internal TableColumn View(int[] storageRows) =>
        _numbers is not null ? new TableColumn(_numbers, _pointless, storageRows) : new TableColumn(_codes!, _texts!, storageRows);

    internal static TableColumn OfCodes(int[] codes, string[] texts) => new(codes, texts);

    internal static TableColumn OfNumbers(double[] numbers, bool pointless) => new(numbers, pointless);

    private (bool Numeric, bool Integer) Kind()
    {
        if (_kind is { } known) return known;
        var (numeric, integer) = (true, true);
        if (_numbers is not null)
        {
            integer = _pointless;
            for (var i = 0; i < Count && integer; i++) integer = NumberAt(i) is var v && (double.IsNaN(v) || (double.IsFinite(v) && v == Math.Round(v)));
        }
        else
        {
            var used = Used();
            for (var t = 0; t < _texts!.Length && numeric; t++)
            {
                if (!used[t]) continue;
                numeric = Table.ParseNumber(_texts[t], out var v);
                integer &= numeric && IsWhole(v, _texts[t]);
            }
        }
        _kind = (numeric, numeric && integer);
        return _kind.Value;
    }

    /// <summary>The distinct texts present in this column (or view), in code order; only for a column that stores codes.</summary>
    internal IEnumerable<string> PresentTexts()
    {
        var used = Used();
        return _texts!.Where((_, t) => used[t]);
    }

    private bool[] Used()
    {
        var used = new bool[_texts!.Length];
        for (var i = 0; i < Count; i++) if (CodeAt(i) is var c and >= 0) used[c] = true;
        return used;
    }

    /// <summary>Whether a value read from text is a finite whole number written without a decimal point (1e3 counts; 1.0 does not).</summary>
    internal static bool IsWhole(double value, ReadOnlySpan<char> text) => double.IsFinite(value) && value == Math.Round(value) && !text.Contains('.');
}
