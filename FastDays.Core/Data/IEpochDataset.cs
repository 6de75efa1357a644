namespace FastDays.Data;

/// <summary>A data set whose items depend on the epoch (a language model's stream of documents, shuffled once per epoch): its loader tells it the
/// epoch before taking any batch of it.</summary>
public interface IEpochDataset : IDataset
{
    /// <summary>Prepares the items of an epoch (called before its first batch, on the loader's thread).</summary>
    void BeforeEpoch(int epoch);
}
