using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>Batches a data set: seeded shuffling, drop-last, a background thread that builds the next batches, device moves and batch transforms.</summary>
public sealed class TfmdDL : IEnumerable<Batch>
{
    /// <summary>Creates a loader over a non-empty data set; a sampler, when given, chooses the batches in place of the plain or shuffled order.</summary>
    public TfmdDL(IDataset dataset, DataLoaderOptions? options = null, IEnumerable<IBatchTransform>? batchTransforms = null, IBatchSampler? sampler = null)
    {
        Sampler = sampler;
        ArgumentNullException.ThrowIfNull(dataset);
        Options = options ?? new DataLoaderOptions();
        if (Options.BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(options), $"batch size must be at least 1, got {Options.BatchSize}");
        if (Options.Prefetch < 0) throw new ArgumentOutOfRangeException(nameof(options), $"prefetch must be 0 or more, got {Options.Prefetch}");
        if (dataset.Count == 0) throw new ArgumentException($"the data set ({dataset.GetType().Name}) is empty", nameof(dataset));
        if (Options.DropLast && dataset.Count < Options.BatchSize)
            throw new ArgumentException($"drop-last with batch size {Options.BatchSize} leaves no batch of a data set of {dataset.Count}", nameof(options));
        Dataset = dataset;
        BatchTransforms = [.. batchTransforms ?? []];
    }

    /// <summary>What chooses the batches in place of the plain or shuffled order, if anything.</summary>
    public IBatchSampler? Sampler { get; }

    /// <summary>The data set being batched.</summary>
    public IDataset Dataset { get; }

    /// <summary>The batching options.</summary>
    public DataLoaderOptions Options { get; }

    /// <summary>The transforms run on each batch after it reaches the device, in order.</summary>
    public List<IBatchTransform> BatchTransforms { get; }

    /// <summary>The device batches are moved to (the CPU until a learner or caller sets it).</summary>
    public Device Device { get; set; } = CPU;

    /// <summary>How many times the loader has been enumerated; each enumeration is one epoch with its own shuffle order.</summary>
    public int Epoch { get; private set; }

    /// <summary>The batches handed out so far by the enumeration under way (counting any skipped by StartBatch), or null between epochs.</summary>
    public int? Position { get; private set; }

    /// <summary>Where the next enumeration starts: the epoch whose order it follows and the batch it begins with (0 unless resuming mid-epoch).</summary>
    public (int Epoch, int Batch) Next => Position is { } p ? (Epoch - 1, p) : (Epoch, _startBatch);

    /// <summary>Makes the next enumeration continue epoch epoch at batch batch (what a checkpoint saved mid-epoch needs), with the same order and
    /// random draws.</summary>
    public void ContinueAt(int epoch, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (batch < 0 || batch > Count)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"a loader of {Count} batches cannot start at batch {batch}");
        (Epoch, _startBatch, Position) = (epoch, batch, null);
    }

    private int _startBatch;

    /// <summary>The number of batches per epoch.</summary>
    public int Count => Options.DropLast ? Dataset.Count / Options.BatchSize : (Dataset.Count + Options.BatchSize - 1) / Options.BatchSize;

    /// <summary>The number of items per epoch (fewer than the data set when drop-last removes a partial batch).</summary>
    public int ItemCount => Options.DropLast ? Count * Options.BatchSize : Dataset.Count;

    /// <summary>The order in which epoch number epoch visits the items: identity, or a seeded permutation when shuffling.</summary>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, Dataset.Count).ToArray();
        if (Options.Shuffle) new Random(unchecked(Options.Seed * 1_000_003 + epoch)).Shuffle(order);
        return order;
    }

    /// <summary>The first batch of the next epoch's order, without advancing the epoch (fastai's one_batch).</summary>
    public Batch OneBatch()
    {
        var seed = BatchSeed(Epoch, 0);
        (Dataset as IEpochDataset)?.BeforeEpoch(Epoch);
        return Finish(Dataset.GetBatch(Batches(Epoch)[0], seed), seed);
    }

    /// <summary>The seed of batch index of epoch epoch, from which the data set and the transforms draw: the same wherever and whenever the batch is
    /// made.</summary>
    public int BatchSeed(int epoch, int index) => Seeds.Combine(Options.Seed, epoch, index);

    /// <inheritdoc />
    public IEnumerator<Batch> GetEnumerator() => Iterate().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The batches of epoch epoch as item indices: the sampler's, or the order cut in batch-size chunks.</summary>
    public IReadOnlyList<int[]> Batches(int epoch)
    {
        if (Sampler is null) return [.. Chunks(Order(epoch))];
        var batches = Sampler.Batches(epoch, Options, Dataset.Count);
        if (batches.Count != Count || batches.Any(b => b.Length == 0 || b.Length > Options.BatchSize))
            throw new InvalidOperationException($"{Sampler.GetType().Name} gave {batches.Count} batches of " +
                $"{string.Join("/", batches.Select(b => b.Length).Distinct())} " +
                $"items where the loader expects {Count} of at most {Options.BatchSize}");
        return batches;
    }

    private IEnumerable<int[]> Chunks(int[] order)
    {
        for (var start = 0; start < ItemCount; start += Options.BatchSize)
            yield return order[start..Math.Min(start + Options.BatchSize, order.Length)];
    }

    private IEnumerable<Batch> Iterate()
    {
        var (epoch, start) = (Epoch++, _startBatch);
        _startBatch = 0;
        (Dataset as IEpochDataset)?.BeforeEpoch(epoch);
        var chunks = Batches(epoch).Select((chunk, i) => (Indices: chunk, Seed: BatchSeed(epoch, i))).Skip(start).ToList();
        Position = start;
        try
        {
            foreach (var batch in Produce(chunks))
            {
                Position++;
                yield return batch;
            }
        }
        finally { Position = null; }
    }

    private IEnumerable<Batch> Produce(List<(int[] Indices, int Seed)> chunks)
    {
        if (Options.Prefetch == 0)
        {
            foreach (var (indices, seed) in chunks) yield return Finish(Dataset.GetBatch(indices, seed), seed);
            yield break;
        }
        using var queue = new BlockingCollection<(Batch Batch, int Seed)>(Options.Prefetch);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                OpenMpThreads.UseOneThreadHere();   // no OpenMP pool of its own beside the trainer's
                foreach (var (indices, seed) in chunks)
                {
                    var batch = Dataset.GetBatch(indices, seed);
                    try { queue.Add((batch, seed), stop.Token); }
                    catch (OperationCanceledException) { batch.Dispose(); return; }
                }
            }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            finally { queue.CompleteAdding(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var (batch, seed) in queue.GetConsumingEnumerable()) yield return Finish(batch, seed);
            producer.Wait();
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            producer.Wait();
            while (queue.TryTake(out var left)) left.Batch.Dispose();
        }
    }

    private Batch Finish(Batch batch, int seed)
    {
        using var scope = NewDisposeScope();
        batch = batch.To(Device);
        for (var i = 0; i < BatchTransforms.Count; i++)
        {
            var next = BatchTransforms[i].Apply(batch, Options.Training, Seeds.Combine(seed, i));
            if (next.Parts.Count != batch.Parts.Count)
                throw new InvalidOperationException($"{BatchTransforms[i].GetType().Name} turned a batch of {batch.Parts.Count} parts into {next.Parts.Count}");
            for (var p = 0; p < batch.Parts.Count; p++)
                if (!ReferenceEquals(next.Parts[p], batch.Parts[p])) batch.Parts[p].Dispose();
            batch = next;
        }
        return batch.DetachFromDisposeScope();
    }
}
