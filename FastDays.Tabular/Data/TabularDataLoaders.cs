using FastDays.Data;

namespace FastDays.Tabular.Data;

/// <summary>fastai's TabularDataLoaders: a table split into training and validation rows, processed with the training rows' statistics, in batches
/// whose inputs are (categorical codes, continuous values) side by side.</summary>
public sealed class TabularDataLoaders
{
    private TabularDataLoaders(DataLoaders dls, TabularProcessor procs, Table train, Table valid)
    {
        (Dls, Procs, Train, Valid) = (dls, procs, train, valid);
    }

    /// <summary>The training and validation loaders (Vocab holds the target's classes; empty for regression).</summary>
    public DataLoaders Dls { get; }

    /// <summary>The processing fitted on the training rows.</summary>
    public TabularProcessor Procs { get; }

    /// <summary>The training rows as read.</summary>
    public Table Train { get; }

    /// <summary>The validation rows as read.</summary>
    public Table Valid { get; }

    /// <summary>Reads a CSV file and builds the loaders (see FromTable).</summary>
    public static TabularDataLoaders FromCsv(string path, string yName, IEnumerable<string>? catNames = null, IEnumerable<string>? contNames = null,
        TableReadOptions? read = null, double validPct = 0.2, int seed = 42, int bs = 64, TargetKind yBlock = TargetKind.Auto,
        IEnumerable<string>? dateNames = null) =>
        FromTable(Table.ReadCsv(path, read), yName, catNames, contNames, validPct, seed, bs, yBlock, dateNames);

    /// <summary>fastai's from_df: builds the loaders from a Microsoft.Data.Analysis DataFrame (see FromTable and Table.FromDataFrame).</summary>
    public static TabularDataLoaders FromDf(Microsoft.Data.Analysis.DataFrame df, string yName, IEnumerable<string>? catNames = null,
        IEnumerable<string>? contNames = null, double validPct = 0.2, int seed = 42, int bs = 64, TargetKind yBlock = TargetKind.Auto,
        IEnumerable<string>? dateNames = null, IReadOnlyList<int>? validIdx = null) =>
        FromTable(Table.FromDataFrame(df), yName, catNames, contNames, validPct, seed, bs, yBlock, dateNames, validIdx);

    /// <summary>Splits the rows at random (validPct of them, seeded, like fastai's RandomSplitter), fits the processing on the training rows and
    /// makes the loaders; columns not named as categorical or continuous are split as ContCatSplit does.</summary>
    public static TabularDataLoaders FromTable(Table table, string yName, IEnumerable<string>? catNames = null, IEnumerable<string>? contNames = null,
        double validPct = 0.2, int seed = 42, int bs = 64, TargetKind yBlock = TargetKind.Auto, IEnumerable<string>? dateNames = null,
        IReadOnlyList<int>? validIdx = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.Has(yName)) throw new ArgumentException($"{table.Source}: the target column '{yName}' does not exist (columns: " +
            $"{string.Join(", ", table.Names)})");
        if (table.RowCount < 2) throw new InvalidDataException($"{table.Source}: {table.RowCount} rows are too few to split into training and validation");
        if (validPct is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(validPct), validPct, "the validation share must be between 0 and 1");
        var dates = dateNames?.ToList() ?? [];
        List<string>? cats = catNames?.ToList(), conts = contNames?.ToList();
        if (cats is null || conts is null)
        {
            var (autoConts, autoCats) = ContCatSplit(table.Drop([.. dates]), depVars: [yName]);
            var given = (conts ?? []).ToHashSet(StringComparer.Ordinal);
            cats ??= [.. autoCats.Where(c => !given.Contains(c))];
            var catSet = cats.ToHashSet(StringComparer.Ordinal);
            conts ??= [.. autoConts.Where(c => !catSet.Contains(c))];
        }
        var (trainIdx, validIdxs) = Split(table.RowCount, validPct, seed, validIdx);
        var (train, valid) = (table.Rows(trainIdx), table.Rows(validIdxs));
        var procs = TabularProcessor.Fit(train, yName, cats, conts, dates, yBlock);
        var (xTrain, yTrain) = procs.Process(train);
        var (xValid, yValid) = procs.Process(valid);
        var dls = new DataLoaders(
            new TfmdDL(new TensorPairDataset(xTrain, yTrain!),
                new DataLoaderOptions { BatchSize = bs, Shuffle = true, DropLast = trainIdx.Length > bs, Seed = seed, Training = true }),
            new TfmdDL(new TensorPairDataset(xValid, yValid!), new DataLoaderOptions { BatchSize = bs * 2 }),
            procs.YVocab ?? []);
        return new TabularDataLoaders(dls, procs, train, valid);
    }

    /// <summary>fastai's cont_cat_split: a column of whole numbers with more than maxCard values, or of other numbers, is continuous; the rest
    /// (text, few whole numbers) is categorical.</summary>
    public static (IReadOnlyList<string> ContNames, IReadOnlyList<string> CatNames) ContCatSplit(Table table, int maxCard = 20,
        IEnumerable<string>? depVars = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var skip = depVars?.ToHashSet(StringComparer.Ordinal) ?? [];
        List<string> conts = [], cats = [];
        foreach (var name in table.Names.Where(n => !skip.Contains(n)))
        {
            // A pandas column of whole numbers with gaps is float: so is this one.
            var numeric = table.IsNumeric(name) && table[name].Any(v => v is not null);
            var integer = numeric && table.IsInteger(name) && !table.HasMissing(name);
            var continuous = numeric && (!integer || table[name].Distinct(StringComparer.Ordinal).Count() > maxCard);
            (continuous ? conts : cats).Add(name);
        }
        return (conts, cats);
    }

    private static (int[] Train, int[] Valid) Split(int n, double validPct, int seed, IReadOnlyList<int>? validIdx)
    {
        if (validIdx is not null)
        {
            if (validIdx.Any(i => i < 0 || i >= n)) throw new ArgumentOutOfRangeException(nameof(validIdx), "a validation index is outside the table");
            var valid = validIdx.ToHashSet();
            return ([.. Enumerable.Range(0, n).Where(i => !valid.Contains(i))], [.. validIdx]);
        }
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        var cut = Math.Max(1, (int)(n * validPct));
        return ([.. order[cut..].Order()], [.. order[..cut].Order()]);
    }
}
