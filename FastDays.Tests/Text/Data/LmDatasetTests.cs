using FastDays.Data;
using FastDays.Text.Data;

namespace FastDays.Tests.Text.Data;

public sealed class LmDatasetTests
{
    // 7 documents of different lengths whose tokens are all different: 0, 1, 2, … in order.
    private static List<int[]> Docs()
    {
        var next = 0;
        return [.. new[] { 5, 17, 3, 40, 11, 8, 23 }.Select(n => Enumerable.Range(next, n).Select(_ => next++).ToArray())];
    }

    private static List<(long[,] X, long[,] Y)> Epoch(TfmdDL dl) => [.. dl.Select(b =>
    {
        using (b)
        {
            var (rows, cols) = ((int)b.X.shape[0], (int)b.X.shape[1]);
            var (x, y) = (new long[rows, cols], new long[rows, cols]);
            var (xs, ys) = (b.X.data<long>().ToArray(), b.Y.data<long>().ToArray());
            for (var i = 0; i < rows * cols; i++) (x[i / cols, i % cols], y[i / cols, i % cols]) = (xs[i], ys[i]);
            return (x, y);
        }
    })];

    [Test]
    public void EachRowReadsItsStretchOfTheStreamOnceWithTargetsShiftedByOne()
    {
        const int bs = 4, seqLen = 5;
        var ds = new LmDataset(Docs(), bs, seqLen);
        // 107 tokens: 106 inputs fill 4 rows of 26 (104), read in windows of 5, 5, 5, 5, 5 and 1.
        Assert.That(ds.Batches, Is.EqualTo(6));
        var dl = new TfmdDL(ds, new DataLoaderOptions { BatchSize = bs, Prefetch = 0 });
        var batches = Epoch(dl);
        Assert.That(batches.Select(b => b.X.GetLength(1)), Is.EqualTo(new[] { 5, 5, 5, 5, 5, 1 }));
        for (var r = 0; r < bs; r++)
        {
            var row = batches.SelectMany(b => Enumerable.Range(0, b.X.GetLength(1)).Select(t => b.X[r, t])).ToList();
            var targets = batches.SelectMany(b => Enumerable.Range(0, b.Y.GetLength(1)).Select(t => b.Y[r, t])).ToList();
            Assert.That(row, Is.EqualTo(Enumerable.Range(r * 26, 26).Select(v => (long)v)), $"row {r} continues from batch to batch");
            Assert.That(targets, Is.EqualTo(row.Select(v => v + 1)), "the targets are the inputs shifted by one token");
        }
    }

    [Test]
    public void ShuffledDocumentsChangeFromEpochToEpochAndRepeatWithTheSeed()
    {
        static long[] FirstRows(int seed, int epochs)
        {
            var dl = new TfmdDL(new LmDataset(Docs(), 2, 8, shuffle: true, seed: seed), new DataLoaderOptions { BatchSize = 2, Prefetch = 0 });
            return [.. Enumerable.Range(0, epochs).SelectMany(_ => Epoch(dl).Select(b => b.X[0, 0]))];
        }
        var run = FirstRows(3, 2);
        Assert.That(run, Is.EqualTo(FirstRows(3, 2)), "the same seed reads the same documents in the same order");
        var perEpoch = run.Length / 2;
        Assert.That(run[..perEpoch], Is.Not.EqualTo(run[perEpoch..]), "another order of documents the next epoch");
        var tokens = Docs().Sum(d => d.Length);
        var dl = new TfmdDL(new LmDataset(Docs(), 2, 8, shuffle: true, seed: 3), new DataLoaderOptions { BatchSize = 2, Prefetch = 0 });
        var seen = Epoch(dl).SelectMany(b => b.X.Cast<long>()).ToList();
        Assert.That(seen, Is.Unique, "no token twice in an epoch");
        Assert.That(seen, Has.Count.EqualTo((tokens - 1) / 2 * 2));
    }
}
