using System.Text.Json;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace FastDays.Tabular.Data;

/// <summary>fastai's TabularPandas processing, fitted on the training split: date parts, FillMissing, Categorify and Normalize, and the target's
/// classes; it turns any table with those columns into model inputs and travels in the export.</summary>
public sealed class TabularProcessor
{
    /// <summary>The date columns expanded into parts before anything else.</summary>
    public List<string> DateNames { get; init; } = [];

    /// <summary>The categorical input columns as given (FillMissing adds NAME_na ones after them).</summary>
    public List<string> CatNames { get; init; } = [];

    /// <summary>The continuous input columns.</summary>
    public List<string> ContNames { get; init; } = [];

    /// <summary>The target column.</summary>
    public string YName { get; init; } = "";

    /// <summary>The target's classes, or null for regression.</summary>
    public List<string>? YVocab { get; init; }

    /// <summary>The fitted FillMissing.</summary>
    public FillMissing FillMissing { get; init; } = new();

    /// <summary>The fitted Categorify.</summary>
    public Categorify Categorify { get; init; } = new();

    /// <summary>The fitted Normalize.</summary>
    public TabularNormalize Normalize { get; init; } = new();

    /// <summary>The model's categorical columns: the given ones, then FillMissing's NAME_na columns.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ModelCatNames => [.. CatNames, .. FillMissing.NaColumns.Select(n => n + "_na")];

    /// <summary>Whether the target is regressed (no classes).</summary>
    [JsonIgnore]
    public bool IsRegression => YVocab is null;

    /// <summary>Each model categorical column's number of classes (with #na#).</summary>
    [JsonIgnore]
    public IReadOnlyList<int> Cardinalities => [.. ModelCatNames.Select(n => Categorify.Classes[n].Count)];

    /// <summary>Fits the processing on the training rows: the target kind (inferred when Auto), the fills, vocabularies and statistics.</summary>
    public static TabularProcessor Fit(Table train, string yName, IEnumerable<string> catNames, IEnumerable<string> contNames,
        IEnumerable<string>? dateNames = null, TargetKind yBlock = TargetKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (!train.Has(yName)) throw new ArgumentException($"{train.Source}: the target column '{yName}' does not exist (columns: " +
            $"{string.Join(", ", train.Names)})");
        var y = train[yName];
        if (y.HasMissing) throw new InvalidDataException($"{train.Source}: the target column '{yName}' has missing values (row {IndexOfNull(y) + 1})");
        var regression = yBlock == TargetKind.Regression || (yBlock == TargetKind.Auto && y.IsNumeric && !y.IsInteger);
        if (regression && IndexOfNonFinite(y) is var row and >= 0 && y[row] is { } bad)
            throw new FormatException($"{train.Source}: the target column '{yName}' has {(Table.ParseNumber(bad, out _) ? "a value that is not " +
                "finite" : "text")} ('{Formats.Clip(bad)}', row {row + 1}), so it cannot be regressed");
        var dates = dateNames?.ToList() ?? [];
        var cats = catNames.ToList();
        var conts = contNames.ToList();
        foreach (var d in dates)
            foreach (var suffix in DateParts.Suffixes)
                (suffix == "Elapsed" ? conts : cats).Add(DateParts.Prefix(d) + suffix);
        var processor = new TabularProcessor
        {
            DateNames = dates, CatNames = cats, ContNames = conts, YName = yName,
            YVocab = regression ? null : [.. y.OfType<string>().Distinct(StringComparer.Ordinal).Order(NumericAwareComparer.Instance)],
        };
        var frame = processor.Frame(train, strict: true);
        processor.FillMissing.Setup(frame);
        processor.FillMissing.Apply(frame);
        processor.Categorify.Setup(frame);
        processor.Normalize.Setup(frame);
        return processor;
    }

    /// <summary>The model inputs of a table, float32 (rows, categorical codes then continuous values), and its targets when it has the target
    /// column: int64 class indices or float32 (rows, 1).</summary>
    public (Tensor X, Tensor? Y) Process(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var catNames = ModelCatNames;   // a list made anew on each read: read once
        var (n, width) = (table.RowCount, catNames.Count + ContNames.Count);
        // A block of rows at a time goes through the processing and straight into the tensor: the whole table is never held processed twice.
        var xs = empty([n, width], ScalarType.Float32);
        using var accessor = xs.data<float>();
        for (var start = 0; start < n; start += BlockRows)
        {
            var rows = Math.Min(BlockRows, n - start);
            var frame = Frame(n == rows ? table : table.Rows(Enumerable.Range(start, rows).ToArray()), strict: false, firstRow: start);
            FillMissing.Apply(frame);
            Categorify.Apply(frame);
            Normalize.Apply(frame);
            var block = new float[rows * width];
            for (var j = 0; j < catNames.Count; j++)
            {
                var codes = frame.Codes[catNames[j]];
                for (var i = 0; i < rows; i++) block[i * width + j] = codes[i];
            }
            for (var j = 0; j < ContNames.Count; j++)
            {
                var values = frame.Conts[ContNames[j]];
                for (var i = 0; i < rows; i++) block[i * width + catNames.Count + j] = (float)values[i];
            }
            accessor.CopyFrom(block, 0, (long)start * width);
        }
        return (xs, table.Has(YName) ? Targets(table) : null);
    }

    /// <summary>The processing as JSON (what the export stores).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads processing saved by ToJson; source names the file in errors.</summary>
    public static TabularProcessor FromJson(string json, string source)
    {
        try
        {
            var p = JsonSerializer.Deserialize<TabularProcessor>(json, Json) ?? throw new InvalidDataException($"{source}: empty tabular processing");
            var missing = p.ModelCatNames.FirstOrDefault(n => !p.Categorify.Classes.ContainsKey(n))
                ?? p.ContNames.FirstOrDefault(n => !p.Normalize.Means.ContainsKey(n) || !p.Normalize.Stds.ContainsKey(n)
                    || !p.FillMissing.Medians.ContainsKey(n));
            if (missing is not null) throw new InvalidDataException($"{source}: the tabular processing has no state for column '{missing}'");
            return p;
        }
        catch (JsonException e) { throw new InvalidDataException($"{source}: unreadable tabular processing ({e.Message})", e); }
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    // Fitting needs every named column; later a column that is absent is a missing value in every row (FillMissing and #na# take it).
    private const int BlockRows = 65536;

    private TabularFrame Frame(Table table, bool strict, int firstRow = 0)
    {
        foreach (var d in DateNames) if (table.Has(d)) table = DateParts.Add(table, d);
        if (strict && CatNames.Concat(ContNames).FirstOrDefault(n => !table.Has(n)) is { } absent)
            throw new ArgumentException($"{table.Source}: no column '{absent}' (columns: {string.Join(", ", table.Names)})");
        return TabularFrame.From(table, CatNames, ContNames, firstRow);
    }

    private Tensor Targets(Table table)
    {
        var y = table[YName];
        if (YVocab is null && y.StoresNumbers)
        {
            var floats = new float[y.Count];
            for (var i = 0; i < floats.Length; i++)
                floats[i] = y.NumberAt(i) is var v && double.IsFinite(v) ? (float)v
                    : throw new FormatException($"{table.Source}: row {i + 1}, column '{YName}': '{y[i]}' is not a number");
            return tensor(floats, [floats.Length, 1]);
        }
        if (YVocab is null)
        {
            var values = new float[y.Count];
            for (var i = 0; i < values.Length; i++)
                values[i] = y[i] is { } t && Table.TryNumber(t, out var v) ? (float)v
                    : throw new FormatException($"{table.Source}: row {i + 1}, column '{YName}': '{y[i]}' is not a number");
            return tensor(values, [values.Length, 1]);
        }
        var index = YVocab.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => (long)p.i, StringComparer.Ordinal);
        var codes = new long[y.Count];
        for (var i = 0; i < codes.Length; i++)
            codes[i] = y[i] is { } t && index.TryGetValue(t, out var c) ? c
                : throw new InvalidDataException($"{table.Source}: row {i + 1}, column '{YName}': '{y[i]}' is not one of the training classes " +
                    $"({string.Join(", ", YVocab)})");
        return tensor(codes);
    }

    private static int IndexOfNonFinite(TableColumn values)
    {
        if (values.StoresNumbers)
        {
            for (var i = 0; i < values.Count; i++) if (!double.IsFinite(values.NumberAt(i))) return i;
            return -1;
        }
        for (var i = 0; i < values.Count; i++) if (!Table.TryNumber(values[i]!, out _)) return i;
        return -1;
    }

    private static int IndexOfNull(TableColumn values)
    {
        for (var i = 0; i < values.Count; i++) if (values[i] is null) return i;
        return -1;
    }
}
