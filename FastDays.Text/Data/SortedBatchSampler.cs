using FastDays.Data;

namespace FastDays.Text.Data;

/// <summary>fastai's SortedDL as a batch sampler: texts of similar length share a batch so little padding is read. Without shuffling the items go
/// longest first; with it, a seeded permutation is cut into chunks of 50 batches, each chunk sorted longest first and cut into batches, and the
/// batches between the first (which holds the longest text, so memory peaks at once) and the last are shuffled.</summary>
/// <param name="lengths">The length of every item of the data set (its tokens).</param>
public sealed class SortedBatchSampler(IReadOnlyList<int> lengths) : IBatchSampler
{
    private readonly int[] _lengths = [.. lengths ?? throw new ArgumentNullException(nameof(lengths))];

    /// <inheritdoc />
    public IReadOnlyList<int[]> Batches(int epoch, DataLoaderOptions options, int count)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (count != _lengths.Length) throw new ArgumentException($"the sampler knows the lengths of {_lengths.Length} items, the data set has {count}");
        var bs = options.BatchSize;
        int[] sorted;
        if (!options.Shuffle) sorted = [.. Longest(Enumerable.Range(0, count))];
        else
        {
            var rng = new Random(unchecked(options.Seed * 1_000_003 + epoch));
            var order = Enumerable.Range(0, count).ToArray();
            rng.Shuffle(order);
            var longest = Array.IndexOf(order, Longest(order).First());
            (order[0], order[longest]) = (order[longest], order[0]);
            sorted = [.. order.Chunk(bs * 50).SelectMany(Longest)];
        }
        var batches = sorted.Chunk(bs).ToList();
        if (options.DropLast && batches.Count > 0 && batches[^1].Length < bs) batches.RemoveAt(batches.Count - 1);
        if (options.Shuffle && batches.Count > 2)
        {
            var middle = batches.GetRange(1, batches.Count - 2).ToArray();
            new Random(unchecked(options.Seed * 1_000_003 + epoch + 7)).Shuffle(middle);
            batches = [batches[0], .. middle, batches[^1]];
        }
        return batches;
    }

    // Longest first; equal lengths keep their order, so the result depends on the seed only.
    private IEnumerable<int> Longest(IEnumerable<int> items) => items.OrderByDescending(i => _lengths[i]);
}
