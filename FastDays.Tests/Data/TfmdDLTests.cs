using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Tests.Data;

public class TfmdDLTests
{
    private static TensorPairDataset Items(int n) => new(arange(n, dtype: ScalarType.Float32).unsqueeze(1), arange(n));

    private static List<long[]> Labels(TfmdDL dl) => [.. dl.Select(b => { using (b) return b.Y.data<long>().ToArray(); })];

    [Test]
    public void BatchesCoverTheDataWithAnUnevenLastBatchOrDropIt()
    {
        var dl = new TfmdDL(Items(10), new DataLoaderOptions { BatchSize = 4 });
        Assert.That(Labels(dl).Select(b => b.Length), Is.EqualTo(new[] { 4, 4, 2 }));
        Assert.That(Labels(dl).SelectMany(b => b), Is.EqualTo(Enumerable.Range(0, 10).Select(i => (long)i)));
        var dropLast = new TfmdDL(Items(10), new DataLoaderOptions { BatchSize = 4, DropLast = true });
        Assert.That(dropLast.Count, Is.EqualTo(2));
        Assert.That(Labels(dropLast).Select(b => b.Length), Is.EqualTo(new[] { 4, 4 }));
    }

    [Test]
    public void ShuffleIsSeededAndChangesEveryEpoch()
    {
        TfmdDL Make(int seed) => new(Items(50), new DataLoaderOptions { BatchSize = 8, Shuffle = true, Seed = seed });
        var (a, b) = (Make(3), Make(3));
        var (a1, a2) = (Labels(a).SelectMany(x => x).ToList(), Labels(a).SelectMany(x => x).ToList());
        Assert.That(Labels(b).SelectMany(x => x), Is.EqualTo(a1), "the same seed gives the same first epoch");
        Assert.That(a2, Is.Not.EqualTo(a1), "the next epoch is another permutation");
        Assert.That(a1.Order(), Is.EqualTo(Enumerable.Range(0, 50).Select(i => (long)i)), "a permutation of every item");
        Assert.That(Labels(Make(4)).SelectMany(x => x), Is.Not.EqualTo(a1));
    }

    [Test]
    public void TheBackgroundProducerGivesTheSameBatchesAsInLineLoading()
    {
        TfmdDL Make(int prefetch) => new(Items(37), new DataLoaderOptions { BatchSize = 5, Shuffle = true, Seed = 1, Prefetch = prefetch });
        Assert.That(Labels(Make(3)), Is.EqualTo(Labels(Make(0))));
    }

    [Test]
    public void AnErrorInTheProducerReachesTheConsumerWithItsMessage()
    {
        var dl = new TfmdDL(new FailingDataset(), new DataLoaderOptions { BatchSize = 2, Prefetch = 2 });
        Assert.That(() => Labels(dl), Throws.TypeOf<InvalidDataException>().With.Message.Contains("item 3 is broken"));
    }

    private sealed class FailingDataset : IDataset
    {
        public int Count => 6;

        public Batch GetBatch(IReadOnlyList<int> indices) => indices.Contains(3)
            ? throw new InvalidDataException("item 3 is broken")
            : new Batch(zeros(indices.Count, 1), zeros(indices.Count, dtype: ScalarType.Int64));
    }
}
