namespace FastDays.Data;

/// <summary>A map-style data set that collates the items at given indices into one CPU batch (called from a loader's worker thread).</summary>
public interface IDataset
{
    /// <summary>The number of items.</summary>
    int Count { get; }

    /// <summary>Builds the batch of the items at these indices, in this order.</summary>
    Batch GetBatch(IReadOnlyList<int> indices);
}
