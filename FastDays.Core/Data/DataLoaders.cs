using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>A training and a validation loader, moved to a device together (fastai's DataLoaders).</summary>
public sealed class DataLoaders
{
    /// <summary>Pairs a training and a validation loader; vocab names the classes when there are any.</summary>
    public DataLoaders(TfmdDL train, TfmdDL valid, IReadOnlyList<string>? vocab = null)
    {
        Train = train ?? throw new ArgumentNullException(nameof(train));
        Valid = valid ?? throw new ArgumentNullException(nameof(valid));
        Vocab = vocab ?? [];
    }

    /// <summary>The training loader (shuffled, augmented).</summary>
    public TfmdDL Train { get; }

    /// <summary>The validation loader (fixed order, deterministic transforms only).</summary>
    public TfmdDL Valid { get; }

    /// <summary>The class names, indexed by label (empty for regression).</summary>
    public IReadOnlyList<string> Vocab { get; }

    /// <summary>The blocks that made the data, inputs first (empty for loaders over plain tensors); they decode batches and predictions.</summary>
    public IReadOnlyList<TransformBlock> Blocks { get; init; } = [];

    /// <summary>How many parts of a batch are inputs (fastai's n_inp).</summary>
    public int NInp { get; init; } = 1;

    /// <summary>The block of the first target, or null for loaders over plain tensors.</summary>
    public TransformBlock? TargetBlock => NInp < Blocks.Count ? Blocks[NInp] : null;

    /// <summary>The number of model outputs the targets call for (fastai's dls.c): the classes, the point coordinates or the regression values.
    /// </summary>
    public int C => TargetBlock?.OutputSize ?? Vocab.Count;

    /// <summary>The loss the first target's block calls for (fastai's loss_func from the data), or null for loaders over plain tensors.</summary>
    public Losses.LossFunction? LossFunc => TargetBlock?.LossFunc;

    /// <summary>The device both loaders deliver batches to.</summary>
    public Device Device
    {
        get => Train.Device;
        set { Train.Device = value; Valid.Device = value; }
    }

    /// <summary>A loader of new items for inference (fastai's test_dl): each item is the raw value of the input block (a file, a tensor; an object[] of
    /// one value per input when there are several), through the validation item and batch transforms, without targets.</summary>
    public TfmdDL TestDl(IEnumerable<object> items, int? bs = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (Valid.Dataset is not BlockDataset valid) throw new InvalidOperationException("TestDl needs loaders made by a DataBlock (these have no blocks)");
        var list = items.ToList();
        if (list.Count == 0) throw new ArgumentException("TestDl needs at least one item", nameof(items));
        var values = list.Select((item, i) => NInp == 1 ? [item] : item is object[] many && many.Length == NInp ? many
            : throw new ArgumentException($"item {i}: {NInp} inputs need an object[] of {NInp} values", nameof(items))).ToList();
        var names = list.Select((item, i) => item as string ?? $"item {i}").ToList();
        var inputs = new BlockDataset(names, values, [.. valid.Blocks.Take(NInp)], NInp, valid.ItemTfms, training: false, valid.Seed);
        return new TfmdDL(inputs, Valid.Options with { BatchSize = bs ?? Valid.Options.BatchSize, Shuffle = false, DropLast = false }, Valid.BatchTransforms)
        {
            Device = Device,
        };
    }

    /// <summary>The first training batch (fastai's one_batch).</summary>
    public Batch OneBatch() => Train.OneBatch();

    /// <summary>Loaders over in-memory tensors: the training set shuffled with the seed, the validation set in order.</summary>
    /// <remarks>Batches are built in line (prefetch 0 unless given): a batch of in-memory tensors is one index_select, and on a
    /// 2-core CPU a producer thread only competes with libtorch's own threads (the fit benchmark measures both).</remarks>
    public static DataLoaders FromTensors(Tensor xTrain, Tensor yTrain, Tensor xValid, Tensor yValid, int batchSize = 64, int seed = 0,
        IReadOnlyList<string>? vocab = null, IEnumerable<IBatchTransform>? batchTransforms = null, int prefetch = 0)
    {
        var transforms = batchTransforms?.ToList() ?? [];
        return new DataLoaders(
            new TfmdDL(new TensorPairDataset(xTrain, yTrain),
                new DataLoaderOptions { BatchSize = batchSize, Shuffle = true, Seed = seed, Training = true, Prefetch = prefetch }, transforms),
            new TfmdDL(new TensorPairDataset(xValid, yValid), new DataLoaderOptions { BatchSize = batchSize, Prefetch = prefetch }, transforms),
            vocab);
    }
}
