namespace FastDays.Data;

/// <summary>fastai's splitters: functions from the items to the indices of the training and the validation items. Those that ignore what an item is
/// take a list of objects, which serves any DataBlock of reference-type items; for value-type items (tuples) write
/// <c>items =&gt; Splitters.RandomSplit(items.Count)</c>.</summary>
public static class Splitters
{
    /// <summary>A seeded shuffle, its first validPct for validation (fastai's RandomSplitter); both lists in item order.</summary>
    public static Func<IReadOnlyList<object>, (int[] Train, int[] Valid)> RandomSplitter(double validPct = 0.2, int seed = 42)
    {
        if (validPct is <= 0 or >= 1 || double.IsNaN(validPct))
            throw new ArgumentOutOfRangeException(nameof(validPct), validPct, "valid_pct must be between 0 and 1");
        return items => RandomSplit(items.Count, validPct, seed);
    }

    /// <summary>The split RandomSplitter makes of count items.</summary>
    public static (int[] Train, int[] Valid) RandomSplit(int count, double validPct = 0.2, int seed = 42)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var cut = (int)(validPct * count);
        return ([.. order[cut..].Order()], [.. order[..cut].Order()]);
    }

    /// <summary>Files whose grandparent folder is named train go to training, valid to validation, others to neither (fastai's GrandparentSplitter).
    /// </summary>
    public static Func<IReadOnlyList<string>, (int[] Train, int[] Valid)> GrandparentSplitter(string train = "train", string valid = "valid")
    {
        static string Grandparent(string f) => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(f))) ?? "";
        return files => ([.. Enumerable.Range(0, files.Count).Where(i => Grandparent(files[i]) == train)],
                         [.. Enumerable.Range(0, files.Count).Where(i => Grandparent(files[i]) == valid)]);
    }

    /// <summary>Files whose names are listed, one per line, in the file fname go to validation, the others to training (fastai's FileSplitter); the
    /// list is read when the split is made, and a missing list is an error naming it.</summary>
    public static Func<IReadOnlyList<string>, (int[] Train, int[] Valid)> FileSplitter(string fname)
    {
        ArgumentNullException.ThrowIfNull(fname);
        return files =>
        {
            if (!File.Exists(fname)) throw new FileNotFoundException($"{fname}: the list of validation files is missing", fname);
            var names = File.ReadLines(fname).Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
            return FuncSplitter<string>(f => names.Contains(Path.GetFileName(f)))(files);
        };
    }

    /// <summary>Items for which isValid is true go to validation, the others to training (fastai's FuncSplitter).</summary>
    public static Func<IReadOnlyList<TItem>, (int[] Train, int[] Valid)> FuncSplitter<TItem>(Func<TItem, bool> isValid)
    {
        ArgumentNullException.ThrowIfNull(isValid);
        return items =>
        {
            var valid = items.Select(isValid).ToArray();
            return ([.. Enumerable.Range(0, items.Count).Where(i => !valid[i])], [.. Enumerable.Range(0, items.Count).Where(i => valid[i])]);
        };
    }

    /// <summary>The items at validIdx go to validation, the others to training (fastai's IndexSplitter); an index past the items is an error.</summary>
    public static Func<IReadOnlyList<object>, (int[] Train, int[] Valid)> IndexSplitter(IEnumerable<int> validIdx)
    {
        var valid = validIdx.ToHashSet();
        return items =>
        {
            var bad = valid.Where(i => i < 0 || i >= items.Count).Order().ToList();
            if (bad.Count > 0) throw new ArgumentException($"IndexSplitter: index {bad[0]} is outside the {items.Count} items");
            return ([.. Enumerable.Range(0, items.Count).Where(i => !valid.Contains(i))], [.. valid.Order()]);
        };
    }

    /// <summary>The last validPct of the items (or the first, with validLast false) for validation (fastai's EndSplitter).</summary>
    public static Func<IReadOnlyList<object>, (int[] Train, int[] Valid)> EndSplitter(double validPct = 0.2, bool validLast = true)
    {
        if (validPct is <= 0 or >= 1 || double.IsNaN(validPct))
            throw new ArgumentOutOfRangeException(nameof(validPct), validPct, "valid_pct must be between 0 and 1");
        return items =>
        {
            var cut = (int)(validPct * items.Count);
            var all = Enumerable.Range(0, items.Count).ToArray();
            return validLast ? (all[..^cut], all[^cut..]) : (all[cut..], all[..cut]);
        };
    }

    /// <summary>Table rows whose column col says true (True, true, 1, yes) go to validation (fastai's ColSplitter); another value is an error naming
    /// the row.</summary>
    public static Func<IReadOnlyList<IReadOnlyDictionary<string, string>>, (int[] Train, int[] Valid)> ColSplitter(string col = "is_valid") =>
        rows => FuncSplitter<IReadOnlyDictionary<string, string>>(row => IsTrue(Labellers.Cell(row, col), col))(rows);

    private static bool IsTrue(string cell, string col) => cell.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" or "" => false,
        _ => throw new InvalidDataException($"column '{col}' holds '{Formats.Clip(cell)}', not true or false"),
    };
}
