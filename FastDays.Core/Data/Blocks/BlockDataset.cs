using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>The items of one split of a DataBlock: each item's raw values (one per block) become typed tensors, go through the item transforms in the
/// loader's worker threads, and stack part by part into a batch.</summary>
public sealed class BlockDataset : IDataset
{
    private readonly IReadOnlyList<object[]> _values;
    private long _calls;

    /// <summary>Creates the split: names (how errors name each item), the raw values of each item (one per block), the blocks (inputs first) and the
    /// item transforms; training chooses random or deterministic transforms, seed their draws.</summary>
    public BlockDataset(IReadOnlyList<string> names, IReadOnlyList<object[]> values, IReadOnlyList<TransformBlock> blocks, int nInp,
        IReadOnlyList<IItemTransform> itemTfms, bool training, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(blocks);
        if (names.Count != values.Count) throw new ArgumentException($"{names.Count} item names for {values.Count} items");
        var odd = values.Select((v, i) => (v, i)).FirstOrDefault(p => p.v.Length != blocks.Count, (v: [], i: -1));
        if (odd.i >= 0) throw new ArgumentException($"{names[odd.i]}: {odd.v.Length} values for {blocks.Count} blocks");
        (Names, _values, Blocks, NInp, ItemTfms, Training, Seed) = (names, values, blocks, nInp, [.. itemTfms], training, seed);
        Types = [.. blocks.Select(b => b.Type)];
        _itemBlocks = [.. Enumerable.Range(0, blocks.Count).Where(b => !blocks[b].EncodesBatch)];
        // The first input can take the first item transform into its decoding when it is the item's only image, mask or points.
        _fusable = ItemTfms.Count > 0 && Types.Count(IsSpatial) == 1 && IsSpatial(Types[0]);
    }

    private readonly int[] _itemBlocks;
    private readonly bool _fusable;

    /// <summary>How each item is named in errors and summaries (its file, its row).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The blocks, inputs first.</summary>
    public IReadOnlyList<TransformBlock> Blocks { get; }

    /// <summary>The tensor types of an item's parts.</summary>
    public IReadOnlyList<TensorType> Types { get; }

    /// <summary>How many blocks are inputs.</summary>
    public int NInp { get; }

    /// <summary>The item transforms, in order.</summary>
    public IReadOnlyList<IItemTransform> ItemTfms { get; }

    /// <summary>Whether item transforms draw at random (training) or take their deterministic validation form.</summary>
    public bool Training { get; }

    /// <summary>The seed of the item transforms' draws.</summary>
    public int Seed { get; }

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <summary>The raw values of item index, one per block.</summary>
    public IReadOnlyList<object> Values(int index) => _values[index];

    /// <summary>Item index encoded and transformed with the deterministic (validation) transforms, every block's part included.</summary>
    public Item GetItem(int index) => Build(index, new Random(Seed), training: false, full: true)!;

    /// <summary>Item index encoded and transformed with rng's draws, every block's part included; a step that fails names the step and the item.
    /// </summary>
    public Item Build(int index, Random rng, bool training) => Build(index, rng, training, full: true)!;

    /// <summary>The item with the parts of all blocks (full) or of those encoded item by item only (what a batch needs: labels and numbers, which no
    /// item transform touches, are encoded for the whole batch at once); null when no block is encoded item by item.</summary>
    private Item? Build(int index, Random rng, bool training, bool full)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var blocks = full ? [.. Enumerable.Range(0, Blocks.Count)] : _itemBlocks;
        if (blocks.Length == 0) return null;
        var parts = new Tensor[blocks.Length];
        var start = 0;
        try
        {
            for (var k = 0; k < blocks.Length; k++)
            {
                var block = Blocks[blocks[k]];
                var value = _values[index][blocks[k]];
                if (blocks[k] == 0 && _fusable && Step(index, block, () => block.EncodeFused(value, ItemTfms[0], rng, training)) is { } fused)
                    (parts[k], start) = (fused, 1);
                else parts[k] = Step(index, block, () => block.Encode(value));
            }
        }
        catch
        {
            foreach (var p in parts) p?.Dispose();
            throw;
        }
        var inputs = blocks.Count(b => b < NInp);
        var item = new Item(parts, [.. blocks.Select(b => Types[b])], Math.Clamp(inputs, 1, blocks.Length));
        try
        {
            for (var k = 0; k < blocks.Length; k++)
            {
                var block = Blocks[blocks[k]];
                var at = k;
                if (!(at == 0 && start == 1)) Step(index, block, () => block.Check(item, at));
            }
            for (var t = start; t < ItemTfms.Count; t++) Step(index, ItemTfms[t], () => ItemTfms[t].Apply(item, rng, training));
            return item;
        }
        catch
        {
            item.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Batch GetBatch(IReadOnlyList<int> indices) => GetBatch(indices, Seeds.Combine(Interlocked.Increment(ref _calls)));

    /// <inheritdoc />
    public Batch GetBatch(IReadOnlyList<int> indices, int seed)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var items = new Item?[indices.Count];
        try
        {
            if (_itemBlocks.Length > 0)
                Parallel.For(0, indices.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                    items[i] = Build(indices[i], new Random(Seeds.Combine(Seed, seed, indices[i])), Training, full: false));
            return Collate(items, indices);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            throw e.InnerExceptions[0] is InvalidDataException inner ? new InvalidDataException(inner.Message, inner) : e.InnerExceptions[0];
        }
        finally { foreach (var item in items) item?.Dispose(); }
    }

    /// <summary>Stacks the items' parts block by block into a batch, and encodes the batch-encoded blocks' values at once; items that differ in a
    /// part's shape are an error naming two of them.</summary>
    private Batch Collate(Item?[] items, IReadOnlyList<int> indices)
    {
        var parts = new Tensor[Blocks.Count];
        try
        {
            for (var b = 0; b < Blocks.Count; b++)
            {
                var k = Array.IndexOf(_itemBlocks, b);
                if (k < 0)
                {
                    parts[b] = EncodeBatch(b, indices);
                    continue;
                }
                var shape = items[0]![k].shape;
                var odd = Blocks[b].PadsItems ? -1 : Enumerable.Range(0, items.Length).FirstOrDefault(i => !items[i]![k].shape.SequenceEqual(shape), -1);
                if (odd >= 0)
                {
                    var hint = IsSpatial(Types[b]) ? ": add a Resize so that every item has one size" : "";
                    throw new InvalidDataException($"{Names[indices[odd]]}: its {Types[b]} is {Formats.Shape(items[odd]![k])} but {Names[indices[0]]}'s " +
                        $"is {Formats.List(shape)} after the item transforms{hint}");
                }
                parts[b] = Blocks[b].Collate([.. items.Select(item => item![k])]);
            }
            return new Batch(parts, Types, NInp);
        }
        catch
        {
            foreach (var p in parts) p?.Dispose();
            throw;
        }
    }

    /// <summary>Block b's values of the items at indices as one batch tensor; a value it cannot take is an error naming its item.</summary>
    private Tensor EncodeBatch(int b, IReadOnlyList<int> indices)
    {
        try { return Blocks[b].EncodeBatch([.. indices.Select(i => _values[i][b])]); }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            foreach (var i in indices) Step(index: i, Blocks[b], () => Blocks[b].Encode(_values[i][b]).Dispose());
            throw;
        }
    }

    private static bool IsSpatial(TensorType type) =>
        ReferenceEquals(type, TensorType.Image) || ReferenceEquals(type, TensorType.Mask) || ReferenceEquals(type, TensorType.Points);

    /// <summary>Runs one step of item index; a failure names the item and the step (a block's description or a transform's type).</summary>
    private T Step<T>(int index, object step, Func<T> run)
    {
        try { return run(); }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw Failure(index, step, e);
        }
    }

    private void Step(int index, object step, Action run) => Step(index, step, () => { run(); return 0; });

    private InvalidDataException Failure(int index, object owner, Exception e)
    {
        var step = owner is TransformBlock block ? block.Describe() : owner.GetType().Name;
        var message = e.Message.StartsWith(Names[index] + ": ", StringComparison.Ordinal) ? e.Message[(Names[index].Length + 2)..] : e.Message;
        return new InvalidDataException($"{Names[index]}: {step}: {message}", e);
    }
}
