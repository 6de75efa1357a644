using System.Globalization;
using FastDays.Data;
using FastDays.Tabular.Data;

namespace FastDays.Collab.Data;

/// <summary>fastai's CollabDataLoaders: a table of ratings (a user, an item and a rating per row) split into training and validation rows, in batches
/// of (user, item) codes with the ratings as float targets, through a DataBlock of a CollabBlock and a RegressionBlock.</summary>
public static class CollabDataLoaders
{
    /// <summary>Reads a CSV file of ratings and builds the loaders (see FromTable).</summary>
    public static DataLoaders FromCsv(string path, string? userName = null, string? itemName = null, string? ratingName = null, double validPct = 0.2,
        int seed = 42, int bs = 64, TableReadOptions? read = null, IReadOnlyList<int>? validIdx = null) =>
        FromTable(Table.ReadCsv(path, read), userName, itemName, ratingName, validPct, seed, bs, validIdx);

    /// <summary>Builds the loaders from a table: the user, item and rating columns are named or, when null, the table's first, second and third
    /// (fastai's from_df); the rows are split at random (validPct, seeded) unless validIdx names the validation rows. A missing user, item or
    /// rating, or a rating that is not a finite number, is an error naming the row.</summary>
    public static DataLoaders FromTable(Table ratings, string? userName = null, string? itemName = null, string? ratingName = null,
        double validPct = 0.2, int seed = 42, int bs = 64, IReadOnlyList<int>? validIdx = null)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.Names.Count < 3 && (userName is null || itemName is null || ratingName is null))
            throw new ArgumentException($"{ratings.Source}: a ratings table needs a user, an item and a rating column, it has " +
                $"{ratings.Names.Count} ({string.Join(", ", ratings.Names)})");
        userName ??= ratings.Names[0];
        itemName ??= ratings.Names[1];
        ratingName ??= ratings.Names[2];
        var missing = new[] { userName, itemName, ratingName }.FirstOrDefault(n => !ratings.Has(n));
        if (missing is not null) throw new ArgumentException($"{ratings.Source}: no column '{missing}' (columns: {string.Join(", ", ratings.Names)})");
        var (users, items, values) = (ratings[userName], ratings[itemName], ratings[ratingName]);
        if (new[] { userName, itemName, ratingName }.Distinct(StringComparer.Ordinal).Count() < 3)
            throw new ArgumentException($"{ratings.Source}: the user, item and rating columns must differ ({userName}, {itemName}, {ratingName})");
        if (ratings.RowCount < 2) throw new InvalidDataException($"{ratings.Source}: {ratings.RowCount} rating(s) are too few to split");
        string Row(int i) => $"{ratings.Source} row {i + 1}";
        var block = new DataBlock<int>
        {
            Blocks = [new CollabBlock(userName, itemName), new RegressionBlock(1)],
            Getters =
            [
                i => (users[i] ?? throw new InvalidDataException($"the {userName} is missing"),
                    items[i] ?? throw new InvalidDataException($"the {itemName} is missing")),
                i => Rating(values[i], ratingName),
            ],
            Splitter = rows => validIdx is null ? Splitters.RandomSplit(rows.Count, validPct, seed) : Split(rows.Count, validIdx, ratings.Source),
            Name = Row,
        };
        return block.Dataloaders(Enumerable.Range(0, ratings.RowCount), bs, seed);
    }

    /// <summary>The CollabBlock of loaders made by CollabDataLoaders or a DataBlock whose first block is one.</summary>
    public static CollabBlock CollabBlockOf(this DataLoaders dls)
    {
        ArgumentNullException.ThrowIfNull(dls);
        return dls.Blocks.Count > 0 && dls.Blocks[0] is CollabBlock block ? block
            : throw new InvalidOperationException("these loaders have no CollabBlock: build them with CollabDataLoaders or a DataBlock of a CollabBlock");
    }

    /// <summary>The (user, item, rating) of every item of a loader made by CollabDataLoaders, in item order, as read (before any encoding).</summary>
    public static IReadOnlyList<(string User, string Item, double Rating)> Ratings(this TfmdDL dl)
    {
        ArgumentNullException.ThrowIfNull(dl);
        if (dl.Dataset is not BlockDataset blocks || blocks.Blocks.Count < 2 || blocks.Blocks[0] is not CollabBlock)
            throw new InvalidOperationException("the ratings are read from loaders made by CollabDataLoaders or a DataBlock of a CollabBlock and a rating");
        var list = new List<(string, string, double)>(blocks.Count);
        for (var i = 0; i < blocks.Count; i++)
        {
            var values = blocks.Values(i);
            var (user, item) = CollabBlock.Pair(values[0]);
            list.Add((user, item, Convert.ToDouble(values[1], CultureInfo.InvariantCulture)));
        }
        return list;
    }

    private static float Rating(string? value, string name)
    {
        if (value is null) throw new InvalidDataException($"the {name} is missing");
        return float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && float.IsFinite(r) ? r
            : throw new InvalidDataException($"the {name} '{Formats.Clip(value)}' is not a finite number");
    }

    private static (int[] Train, int[] Valid) Split(int count, IReadOnlyList<int> validIdx, string source)
    {
        var valid = new HashSet<int>();
        foreach (var i in validIdx)
            if (i < 0 || i >= count || !valid.Add(i))
                throw new ArgumentException($"{source}: the validation row {i} is outside the {count} rows or named twice");
        return ([.. Enumerable.Range(0, count).Where(i => !valid.Contains(i))], [.. valid.Order()]);
    }
}
