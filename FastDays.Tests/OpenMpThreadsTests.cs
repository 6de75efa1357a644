using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Tests;

public sealed class OpenMpThreadsTests
{
    [Test]
    public void AHelperThreadLimitsItsOwnParallelRegionsOnlyAndALoadersPrefetchIsOne()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.That(OpenMpThreads.Available, Is.False, "libtorch's libgomp is looked up on Linux only; elsewhere the calls do nothing");
            return;
        }
        Assert.That(OpenMpThreads.Available, Is.True, "libtorch's libgomp is loaded");
        var trainer = OpenMpThreads.MaxThreadsHere();
        Assert.That(trainer, Is.GreaterThan(0), "the runtime answers");
        var helper = -1;
        var thread = new Thread(() =>
        {
            OpenMpThreads.UseOneThreadHere();
            helper = OpenMpThreads.MaxThreadsHere();
        });
        thread.Start();
        thread.Join();
        Assert.That((helper, OpenMpThreads.MaxThreadsHere()), Is.EqualTo((1, trainer)), "one thread there, the trainer's count here");

        // A prefetching loader's producer thread is such a helper: the batches it builds see one OpenMP thread — also after a program set
        // libtorch's thread count, which libtorch applies to each thread at its first parallel loop.
        set_num_threads(get_num_threads());
        using var x = zeros(64, 1);
        var seen = new List<int>();
        var loader = new TfmdDL(new Probe(new TensorPairDataset(x, x), seen), new DataLoaderOptions { BatchSize = 16, Prefetch = 2 }, []);
        foreach (var batch in loader) batch.Dispose();
        Assert.That(seen, Is.EqualTo(new[] { 1, 1, 1, 1 }));
    }

    // Records, on the thread that makes each batch, how many OpenMP threads it would use.
    private sealed class Probe(TensorPairDataset inner, List<int> seen) : IDataset
    {
        public int Count => inner.Count;

        public Batch GetBatch(IReadOnlyList<int> indices)
        {
            var batch = inner.GetBatch(indices);
            using (batch.X.sum()) { }   // a parallel loop on this thread, which must not undo the setting
            lock (seen) seen.Add(OpenMpThreads.MaxThreadsHere());
            return batch;
        }
    }
}
