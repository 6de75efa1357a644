using FastDays.Data;
using FastDays.Text.Data;

namespace FastDays.Tests.Text.Data;

public sealed class SortedBatchSamplerTests
{
    private static readonly int[] Lengths = [.. Enumerable.Range(0, 1000).Select(i => (i * 7919) % 503 + 1)];

    [Test]
    public void TrainingBatchesHoldEveryItemOnceStartWithTheLongestAndGroupSimilarLengths()
    {
        var sampler = new SortedBatchSampler(Lengths);
        var options = new DataLoaderOptions { BatchSize = 16, Shuffle = true, Seed = 3 };
        var batches = sampler.Batches(0, options, Lengths.Length);
        Assert.That(batches.SelectMany(b => b).Order(), Is.EqualTo(Enumerable.Range(0, Lengths.Length)));
        Assert.That(Lengths[batches[0][0]], Is.EqualTo(Lengths.Max()), "the longest text first: memory peaks at once");
        foreach (var b in batches) Assert.That(b.Select(i => Lengths[i]), Is.Ordered.Descending);
        // Neighbours by length: a batch spans far less than the whole range of lengths.
        var spread = batches.Average(b => b.Max(i => Lengths[i]) - b.Min(i => Lengths[i]));
        Assert.That(spread, Is.LessThan(50), "similar lengths share a batch");
        Assert.That(sampler.Batches(0, options, Lengths.Length).SelectMany(b => b), Is.EqualTo(batches.SelectMany(b => b)), "same seed, same batches");
        Assert.That(sampler.Batches(1, options, Lengths.Length).SelectMany(b => b), Is.Not.EqualTo(batches.SelectMany(b => b)), "a new order each epoch");
    }

    [Test]
    public void ValidationGoesLongestFirstAndALoaderReturnsPredictionsInItemOrder()
    {
        var sampler = new SortedBatchSampler(Lengths);
        var batches = sampler.Batches(0, new DataLoaderOptions { BatchSize = 64 }, Lengths.Length);
        Assert.That(batches.SelectMany(b => b).Select(i => Lengths[i]), Is.Ordered.Descending);
        Assert.That(batches, Has.Count.EqualTo(16));
        Assert.Throws<ArgumentException>(() => sampler.Batches(0, new DataLoaderOptions(), 999));
    }
}
