namespace FastDays.Data;

/// <summary>Chooses which items go in which batch, epoch by epoch, in place of a loader's plain or shuffled order (fastai's SortedDL batches texts of
/// similar length together).</summary>
public interface IBatchSampler
{
    /// <summary>The batches of epoch epoch as item indices: as many as the loader's Count, each of at most its batch size, every item at most once;
    /// the same epoch and options always give the same batches.</summary>
    IReadOnlyList<int[]> Batches(int epoch, DataLoaderOptions options, int count);
}
