using FastDays.Data;
using FastDays.Vision.Transforms;

namespace FastDays.Vision.Data;

/// <summary>Flips that alternate (airbench's "alternating flip"): in even epochs a fixed pseudo-random half of the images is mirrored left–right,
/// in odd epochs the other half, so every image is seen both ways in each pair of epochs instead of by chance. Wraps a training data set; the
/// loader tells it the epoch.</summary>
/// <param name="inner">The data set whose images (and masks and points) are flipped.</param>
/// <param name="seed">Chooses which half of the items starts mirrored.</param>
public sealed class AlternatingFlipDataset(IDataset inner, int seed = 0) : IEpochDataset
{
    private readonly IDataset _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private int _epoch;

    /// <inheritdoc />
    public int Count => _inner.Count;

    /// <summary>Whether the item at index is mirrored in an epoch.</summary>
    public bool Mirrored(int index, int epoch) => ((Seeds.Combine(seed, index) ^ epoch) & 1) == 1;

    /// <inheritdoc />
    public void BeforeEpoch(int epoch)
    {
        (_inner as IEpochDataset)?.BeforeEpoch(epoch);
        _epoch = epoch;
    }

    /// <inheritdoc />
    public Batch GetBatch(IReadOnlyList<int> indices) => Flipped(_inner.GetBatch(indices), indices);

    /// <inheritdoc />
    public Batch GetBatch(IReadOnlyList<int> indices, int seed) => Flipped(_inner.GetBatch(indices, seed), indices);

    private Batch Flipped(Batch batch, IReadOnlyList<int> indices)
    {
        var epoch = _epoch;
        var flipped = Flip.Mirror(batch, [.. indices.Select(i => Mirrored(i, epoch))]);
        for (var p = 0; p < batch.Parts.Count; p++)
            if (!ReferenceEquals(flipped.Parts[p], batch.Parts[p])) batch.Parts[p].Dispose();
        return flipped;
    }
}
