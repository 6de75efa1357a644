namespace FastDays.Data;

/// <summary>A map-style data set that collates the items at given indices into one CPU batch (called from a loader's worker thread).</summary>
public interface IDataset
{
    /// <summary>The number of items.</summary>
    int Count { get; }

    /// <summary>Builds the batch of the items at these indices, in this order.</summary>
    Batch GetBatch(IReadOnlyList<int> indices);

    /// <summary>Builds the batch with random item transforms drawn from seed, which the loader derives from the batch's place (epoch, index) so that
    /// a resumed run draws the same.</summary>
    Batch GetBatch(IReadOnlyList<int> indices, int seed) => GetBatch(indices);
}
