using System.Text;
using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>fastai's DataBlock: a task described by its blocks (inputs then targets), how to get the items, how to get each block's value from an
/// item, how to split them, and the item and batch transforms; Datasets, Dataloaders and Summary build or explain the pipeline.</summary>
/// <typeparam name="TItem">What an item is: a file path, a table row, a record of your own.</typeparam>
public sealed class DataBlock<TItem>
    where TItem : notnull
{
    /// <summary>The blocks, inputs first (fastai's blocks).</summary>
    public required IReadOnlyList<TransformBlock> Blocks { get; init; }

    /// <summary>How many of the blocks are inputs (fastai's n_inp).</summary>
    public int NInp { get; init; } = 1;

    /// <summary>The items of a source (a folder, a file); without it Datasets and Dataloaders take the items themselves (fastai's get_items).</summary>
    public Func<string, IEnumerable<TItem>>? GetItems { get; init; }

    /// <summary>One function per block from an item to that block's raw value (fastai's getters); overrides GetX and GetY.</summary>
    public IReadOnlyList<Func<TItem, object>>? Getters { get; init; }

    /// <summary>The raw value of every input block (the item itself when null) (fastai's get_x).</summary>
    public Func<TItem, object>? GetX { get; init; }

    /// <summary>The raw value of every target block (the item itself when null) (fastai's get_y).</summary>
    public Func<TItem, object>? GetY { get; init; }

    /// <summary>The split into training and validation items (fastai's splitter; a random 20% when null).</summary>
    public Func<IReadOnlyList<TItem>, (int[] Train, int[] Valid)>? Splitter { get; init; }

    /// <summary>Transforms of single items, run on the CPU in the loader's threads (fastai's item_tfms).</summary>
    public IReadOnlyList<IItemTransform> ItemTfms { get; init; } = [];

    /// <summary>Transforms of whole batches on the device (fastai's batch_tfms).</summary>
    public IReadOnlyList<IBatchTransform> BatchTfms { get; init; } = [];

    /// <summary>How an item is named in errors and summaries (its ToString when null).</summary>
    public Func<TItem, string>? Name { get; init; }

    /// <summary>The items of source, through GetItems.</summary>
    public List<TItem> Items(string source)
    {
        var getItems = GetItems ?? throw new InvalidOperationException("this DataBlock has no GetItems: pass the items themselves");
        return [.. getItems(source)];
    }

    /// <summary>The training and validation splits of the items of source (fastai's datasets).</summary>
    public BlockDatasets Datasets(string source, int seed = 42) => Datasets(Items(source), seed);

    /// <summary>The training and validation splits of items; seed seeds the item transforms' draws.</summary>
    public BlockDatasets Datasets(IEnumerable<TItem> items, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        var getters = Resolve();
        if (list.Count == 0) throw new InvalidDataException("the DataBlock found no items");
        var (train, valid) = (Splitter ?? (all => Splitters.RandomSplit(all.Count)))(list);
        if (train.Length == 0 || valid.Length == 0)
            throw new InvalidDataException($"the split of {list.Count} items leaves {train.Length} training and {valid.Length} validation items");
        var outside = train.Concat(valid).FirstOrDefault(i => i < 0 || i >= list.Count, -1);
        if (outside >= 0) throw new InvalidDataException($"the splitter names item {outside} of {list.Count}");
        var names = list.Select(NameOf).ToList();
        var values = new object[list.Count][];
        for (var i = 0; i < list.Count; i++)
        {
            values[i] = new object[getters.Count];
            for (var b = 0; b < getters.Count; b++)
            {
                try { values[i][b] = getters[b](list[i]) ?? throw new InvalidDataException($"the getter of {Blocks[b].GetType().Name} gave null"); }
                catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or KeyNotFoundException or FormatException)
                {
                    throw new InvalidDataException(e.Message.StartsWith(names[i], StringComparison.Ordinal) ? e.Message
                        : $"{names[i]}: getting the {Blocks[b].GetType().Name} value: {e.Message}", e);
                }
            }
        }
        for (var b = 0; b < Blocks.Count; b++) Blocks[b].Setup([.. train.Select(i => values[i][b])]);
        var itemTfms = ItemTfms.Concat(Blocks.SelectMany(b => b.ItemTfms)).ToList();
        BlockDataset Split(int[] idx, bool training) =>
            new([.. idx.Select(i => names[i])], [.. idx.Select(i => values[i])], Blocks, NInp, itemTfms, training, seed);
        return new BlockDatasets(Split(train, true), Split(valid, false), MergeBatchTfms());
    }

    /// <summary>Training and validation loaders over the items of source (fastai's dataloaders).</summary>
    public DataLoaders Dataloaders(string source, int bs = 64, int seed = 42) => Datasets(source, seed).Dataloaders(bs, seed);

    /// <summary>Training and validation loaders over items.</summary>
    public DataLoaders Dataloaders(IEnumerable<TItem> items, int bs = 64, int seed = 42) => Datasets(items, seed).Dataloaders(bs, seed);

    /// <summary>What each step does to the first items of source (fastai's DataBlock.summary): the items found, the split, every block's value and
    /// tensor, every item transform, the collation and every batch transform; a step that fails ends the text with the error and the item.</summary>
    public string Summary(string source, int bs = 4) => Summary(() => Items(source), $"Collecting items from {source}", bs);

    /// <summary>Summary over items given directly.</summary>
    public string Summary(IEnumerable<TItem> items, int bs = 4) => Summary(() => [.. items], "Taking the items given", bs);

    private string Summary(Func<List<TItem>> items, string collecting, int bs)
    {
        var text = new StringBuilder();
        void Line(string line) => text.AppendLine(line);
        try
        {
            Line(collecting);
            var list = items();
            Line($"Found {list.Count} items");
            var dsets = Datasets(list);
            Line($"2 datasets of sizes {dsets.Train.Count},{dsets.Valid.Count}");
            Line($"Blocks: {string.Join(", ", Blocks.Select(b => b.Describe()))} ({NInp} input{(NInp == 1 ? "" : "s")})");
            var train = dsets.Train;
            Line("Building one sample");
            Line($"  item: {train.Names[0]}");
            var parts = new List<Tensor>();
            Item item;
            try
            {
                for (var b = 0; b < Blocks.Count; b++)
                {
                    var value = train.Values(0)[b];
                    Line($"  {Blocks[b].GetType().Name}: the getter gives {ShowValue(value)}");
                    parts.Add(Blocks[b].Encode(value));
                    Line($"    encoded: {Describe(Blocks[b], parts[^1], null)}");
                }
                item = new Item(parts, train.Types, train.NInp);
            }
            catch
            {
                foreach (var p in parts) p.Dispose();
                throw;
            }
            Line("Applying item_tfms to the first sample:");
            using (item)
            {
                Line($"  starting from {DescribeItem(item)}");
                foreach (var tfm in train.ItemTfms)
                {
                    tfm.Apply(item, new Random(train.Seed), training: true);
                    Line($"  applying {tfm.GetType().Name} gives {DescribeItem(item)}");
                }
            }
            var n = Math.Min(bs, train.Count);
            Line($"Adding the next {n - 1} samples");
            Line("Collating items in a batch");
            var batch = train.GetBatch([.. Enumerable.Range(0, n)], 0);
            try
            {
                Line($"  {DescribeBatch(batch)}");
                Line(dsets.BatchTfms.Count == 0 ? "No batch_tfms to apply" : "Applying batch_tfms to the batch built");
                for (var i = 0; i < dsets.BatchTfms.Count; i++)
                {
                    var next = dsets.BatchTfms[i].Apply(batch, training: true, Seeds.Combine(0, i));
                    for (var p = 0; p < batch.Parts.Count; p++)
                        if (!ReferenceEquals(next.Parts[p], batch.Parts[p])) batch.Parts[p].Dispose();
                    batch = next;
                    Line($"  applying {dsets.BatchTfms[i].GetType().Name} gives {DescribeBatch(batch)}");
                }
            }
            finally { batch.Dispose(); }
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Line($"FAILED: {e.Message}");
        }
        return text.ToString();
    }

    private IReadOnlyList<Func<TItem, object>> Resolve()
    {
        if (Blocks is null || Blocks.Count < 1) throw new ArgumentException("a DataBlock needs at least one block");
        if (NInp < 1 || NInp > Blocks.Count) throw new ArgumentException($"NInp is {NInp} but the DataBlock has {Blocks.Count} blocks");
        if (Getters is { } getters)
            return getters.Count == Blocks.Count ? getters
                : throw new ArgumentException($"{getters.Count} getters for {Blocks.Count} blocks ({string.Join(", ", Blocks.Select(b => b.GetType().Name))})");
        Func<TItem, object> identity = item => item;
        return [.. Enumerable.Range(0, Blocks.Count).Select(b => b < NInp ? GetX ?? identity : GetY ?? identity)];
    }

    private string NameOf(TItem item) => Name?.Invoke(item) ?? item switch
    {
        IReadOnlyDictionary<string, string> row => string.Join(",", row.Values.Take(3).Select(v => Formats.Clip(v, 40))),
        _ => item.ToString() ?? "",
    };

    private List<IBatchTransform> MergeBatchTfms()
    {
        // A block's transform is left out when the data block lists one of its kind; Normalize scales uint8 images itself, so it stands in for
        // IntToFloatTensor.
        var own = BatchTfms.ToList();
        var brought = Blocks.SelectMany(b => b.BatchTfms).DistinctBy(t => t.GetType())
            .Where(t => !own.Any(o => o.GetType() == t.GetType() || (t is IntToFloatTensor && o is Normalize)));
        return [.. brought, .. own];
    }

    private static string ShowValue(object value) => value switch
    {
        string s => Formats.Clip(s),
        Tensor t => $"a tensor {t.dtype} {Formats.Shape(t)}",
        System.Collections.IEnumerable list => $"[{Formats.Clip(string.Join(", ", list.Cast<object>()))}]",
        _ => Formats.Clip(value.ToString() ?? ""),
    };

    private static string Describe(TransformBlock block, Tensor t, (long, long)? size)
    {
        var text = $"{block.Type} {t.dtype} {Formats.Shape(t)}";
        if (ReferenceEquals(block.Type, TensorType.Image) || ReferenceEquals(block.Type, TensorType.Mask)) return text;
        try { return $"{text} = {block.Show(block.Decode(t, size))}"; }
        catch (ArgumentException) { return text; }
    }

    private string DescribeItem(Item item) =>
        string.Join("; ", Enumerable.Range(0, item.Count).Select(i => Describe(Blocks[i], item[i], item.ImageSize())));

    private static string DescribeBatch(Batch batch) =>
        string.Join("; ", Enumerable.Range(0, batch.Parts.Count).Select(i => $"{batch.Types[i]} {batch.Parts[i].dtype} {Formats.Shape(batch.Parts[i])}"));
}
