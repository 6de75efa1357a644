namespace FastDays.Data;

/// <summary>How a <see cref="TfmdDL"/> batches its data set.</summary>
public sealed record DataLoaderOptions
{
    /// <summary>Items per batch (fastai's bs).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Whether to visit the items in a new random order every epoch.</summary>
    public bool Shuffle { get; init; }

    /// <summary>Whether to drop the last batch when it is smaller than BatchSize.</summary>
    public bool DropLast { get; init; }

    /// <summary>The seed of the shuffle order: epoch e of seed s is always the same order.</summary>
    public int Seed { get; init; }

    /// <summary>How many batches the background thread prepares ahead; 0 builds them on the caller's thread.</summary>
    public int Prefetch { get; init; } = 2;

    /// <summary>Whether batch transforms run in training mode (augmentation on): true for the training set.</summary>
    public bool Training { get; init; }
}
