namespace FastDays.Data;

/// <summary>The base of batch transforms with random draws: each batch gets a generator seeded from the transform's seed and the batch's seed, so
/// runs repeat and resume exactly.</summary>
public abstract class RandomBatchTransform(int seed) : IBatchTransform
{
    private long _calls;

    /// <summary>The transform's own seed, mixed with each batch's.</summary>
    public int Seed { get; } = seed;

    /// <summary>Transforms a batch outside a loader: the batch seed is the number of such calls so far.</summary>
    public Batch Apply(Batch batch, bool training) => Apply(batch, training, Seeds.Combine(Interlocked.Increment(ref _calls)));

    /// <summary>Transforms a batch with draws from a generator seeded by this transform's seed and the batch's.</summary>
    public Batch Apply(Batch batch, bool training, int seed) => Transform(batch, training, new Random(Seeds.Combine(Seed, seed)));

    /// <summary>Transforms the batch drawing from rng; training is false on the validation set.</summary>
    protected abstract Batch Transform(Batch batch, bool training, Random rng);
}
