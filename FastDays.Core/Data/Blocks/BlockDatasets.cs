namespace FastDays.Data;

/// <summary>The training and validation splits a DataBlock makes of its items (fastai's Datasets), ready to batch.</summary>
public sealed class BlockDatasets(BlockDataset train, BlockDataset valid, IReadOnlyList<IBatchTransform> batchTfms)
{
    /// <summary>The training split (random item transforms).</summary>
    public BlockDataset Train { get; } = train;

    /// <summary>The validation split (deterministic item transforms).</summary>
    public BlockDataset Valid { get; } = valid;

    /// <summary>The batch transforms the loaders run: the data block's, after those its blocks bring.</summary>
    public IReadOnlyList<IBatchTransform> BatchTfms { get; } = batchTfms;

    /// <summary>The blocks, inputs first.</summary>
    public IReadOnlyList<TransformBlock> Blocks => Train.Blocks;

    /// <summary>Loaders over both splits: the training one shuffled with seed and its batches augmented, the validation one in order (fastai's
    /// dataloaders).</summary>
    public DataLoaders Dataloaders(int bs = 64, int seed = 42, int prefetch = 2, bool dropLast = false)
    {
        var train = new TfmdDL(Train, new DataLoaderOptions
        {
            BatchSize = bs, Shuffle = true, Seed = seed, Training = true, Prefetch = prefetch, DropLast = dropLast,
        }, BatchTfms);
        var valid = new TfmdDL(Valid, new DataLoaderOptions { BatchSize = bs, Prefetch = prefetch }, BatchTfms);
        var target = Train.NInp < Blocks.Count ? Blocks[Train.NInp] : null;
        return new DataLoaders(train, valid, target?.Vocab) { Blocks = Blocks, NInp = Train.NInp };
    }
}
