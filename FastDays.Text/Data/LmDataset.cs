using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Text.Data;

/// <summary>fastai's LMDataLoader as a data set: every epoch the documents (shuffled when asked) are joined into one stream of tokens, cut into bs
/// rows of equal length (the rest thrown away), and batch k holds, for each row, its k-th window of seqLen tokens with the same window shifted by
/// one token as targets — so each row of a batch continues the same row of the batch before, and every token of the epoch's rows is read once. Load
/// it with a TfmdDL of batch size bs that does not shuffle (the data set shuffles documents itself).</summary>
public sealed class LmDataset : IEpochDataset
{
    private readonly IReadOnlyList<int[]> _docs;
    private readonly bool _shuffle;
    private readonly int _seed;
    private readonly long _batchLength;
    private readonly int _lastLength;
    private int[] _stream = [];
    private int _epoch = -1;

    /// <summary>The stream of documents (token ids) in rows of bs, read in windows of seqLen; shuffle reorders the documents every epoch.</summary>
    public LmDataset(IReadOnlyList<int[]> docs, int bs = 64, int seqLen = 72, bool shuffle = false, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(docs);
        ArgumentOutOfRangeException.ThrowIfLessThan(bs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seqLen, 1);
        (_docs, Bs, SeqLen, _shuffle, _seed) = (docs, bs, seqLen, shuffle, seed);
        var total = docs.Sum(d => (long)d.Length);
        // One token more than the inputs is needed for the last target; what does not fill the bs rows equally is left out.
        var corpus = (total - 1) / bs * bs;
        _batchLength = corpus / bs;
        if (_batchLength < 1) throw new ArgumentException($"{total} tokens cannot fill {bs} rows of a language-model batch", nameof(docs));
        Batches = (int)((_batchLength + seqLen - 1) / seqLen);
        _lastLength = (int)(_batchLength - (long)(Batches - 1) * seqLen);
    }

    /// <summary>The rows of a batch.</summary>
    public int Bs { get; }

    /// <summary>The tokens of a window (the last batch's may be shorter).</summary>
    public int SeqLen { get; }

    /// <summary>The batches of an epoch.</summary>
    public int Batches { get; }

    /// <inheritdoc />
    public int Count => Batches * Bs;

    /// <inheritdoc />
    public void BeforeEpoch(int epoch)
    {
        if (epoch == _epoch && _stream.Length > 0) return;
        var order = Enumerable.Range(0, _docs.Count).ToArray();
        if (_shuffle) new Random(unchecked(_seed * 1_000_003 + epoch)).Shuffle(order);
        _stream = [.. order.SelectMany(i => _docs[i])];
        _epoch = epoch;
    }

    /// <inheritdoc />
    public Batch GetBatch(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (_stream.Length == 0) BeforeEpoch(0);
        var windows = indices.Select(Window).ToList();
        var length = windows[0].Length;
        if (windows.Any(w => w.Length != length)) throw new ArgumentException("a batch mixes windows of different lengths: load with batch size Bs");
        var x = new long[windows.Count * length];
        var y = new long[windows.Count * length];
        for (var i = 0; i < windows.Count; i++)
            for (var t = 0; t < length; t++)
            {
                x[i * length + t] = _stream[windows[i].Start + t];
                y[i * length + t] = _stream[windows[i].Start + t + 1];
            }
        return new Batch(tensor(x, [windows.Count, length]), tensor(y, [windows.Count, length]));
    }

    // Item seq is row seq % bs of batch seq / bs: where its window starts in the stream and how long it is.
    private (int Start, int Length) Window(int seq)
    {
        if ((uint)seq >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(seq), seq, $"outside the {Count} windows of an epoch");
        var (k, r) = (seq / Bs, seq % Bs);
        var length = k == Batches - 1 ? _lastLength : SeqLen;
        return (checked((int)(r * _batchLength + (long)k * SeqLen)), length);
    }
}
