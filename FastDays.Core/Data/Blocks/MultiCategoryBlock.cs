using FastDays.Losses;
using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>fastai's MultiCategoryBlock: a set of labels per item (a list of names, or with encoded a one-hot row over a given vocabulary), as a
/// float multi-hot row; its loss is BceWithLogitsLossFlat.</summary>
public sealed class MultiCategoryBlock(bool encoded = false, IReadOnlyList<string>? vocab = null) : TransformBlock
{
    private List<string> _vocab = vocab is null ? [] : [.. vocab];
    private Dictionary<string, int> _index = Index(vocab ?? []);

    /// <summary>Whether raw values are one-hot rows already (then the vocabulary must be given).</summary>
    public bool Encoded { get; } = encoded && (vocab?.Count ?? 0) == 0
        ? throw new ArgumentException("an encoded MultiCategoryBlock needs its vocabulary", nameof(vocab)) : encoded;

    /// <inheritdoc />
    public override TensorType Type => TensorType.MultiCategory;

    /// <inheritdoc />
    public override IReadOnlyList<string> Vocab => _vocab;

    /// <inheritdoc />
    public override string Describe() => $"MultiCategoryBlock({_vocab.Count} classes)";

    /// <inheritdoc />
    public override LossFunction LossFunc => new BceWithLogitsLossFlat();

    /// <inheritdoc />
    public override void Setup(IReadOnlyList<object> trainingValues)
    {
        if (_vocab.Count > 0) return;
        _vocab = [.. trainingValues.SelectMany(Labels).Distinct().Order(StringComparer.Ordinal)];
        if (_vocab.Count == 0) throw new InvalidDataException("no training item has a label");
        _index = Index(_vocab);
    }

    /// <inheritdoc />
    public override Tensor Encode(object value)
    {
        var hot = new float[_vocab.Count];
        if (Encoded)
        {
            var row = value switch
            {
                IEnumerable<float> f => f.ToArray(),
                IEnumerable<double> d => d.Select(x => (float)x).ToArray(),
                IEnumerable<bool> b => b.Select(x => x ? 1f : 0f).ToArray(),
                _ => throw new InvalidDataException($"an encoded MultiCategoryBlock takes a row of numbers, got {value?.GetType().Name ?? "null"}"),
            };
            if (row.Length != hot.Length) throw new InvalidDataException($"a one-hot row of {row.Length} values for {hot.Length} classes");
            return tensor(row);
        }
        foreach (var label in Labels(value))
            hot[_index.TryGetValue(label, out var i) ? i
                : throw new InvalidDataException($"the label '{Formats.Clip(label)}' is not among the {_vocab.Count} classes of the training items")] = 1f;
        return tensor(hot);
    }

    /// <inheritdoc />
    public override bool EncodesBatch => true;

    /// <inheritdoc />
    public override object Decode(Tensor value, (long Height, long Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var row = value.to_type(ScalarType.Float32).cpu().data<float>().ToArray();
        if (row.Length != _vocab.Count) throw new ArgumentException($"a row of {row.Length} values for {_vocab.Count} classes", nameof(value));
        return (string[])[.. _vocab.Where((_, i) => row[i] > 0.5f)];
    }

    private static IEnumerable<string> Labels(object value) => value switch
    {
        string s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        IEnumerable<string> list => list,
        null => throw new InvalidDataException("the labels are missing"),
        _ => throw new InvalidDataException($"a MultiCategoryBlock takes a list of labels, got {value.GetType().Name}"),
    };

    private static Dictionary<string, int> Index(IReadOnlyList<string> vocab)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in vocab)
            if (!index.TryAdd(v, index.Count)) throw new ArgumentException($"the vocabulary names '{v}' twice", nameof(vocab));
        return index;
    }
}
