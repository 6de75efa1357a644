using FastDays.Losses;
using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>fastai's CategoryBlock: a single label per item, encoded as its index in a sorted vocabulary learnt from the training items (or given).
/// </summary>
public sealed class CategoryBlock(IReadOnlyList<string>? vocab = null) : TransformBlock
{
    private List<string> _vocab = vocab is null ? [] : [.. vocab];
    private Dictionary<string, long> _index = Index(vocab ?? []);

    /// <inheritdoc />
    public override TensorType Type => TensorType.Category;

    /// <inheritdoc />
    public override IReadOnlyList<string> Vocab => _vocab;

    /// <inheritdoc />
    public override string Describe() => $"CategoryBlock({_vocab.Count} classes)";

    /// <inheritdoc />
    public override LossFunction LossFunc => new CrossEntropyLossFlat();

    /// <inheritdoc />
    public override void Setup(IReadOnlyList<object> trainingValues)
    {
        if (_vocab.Count > 0) return;
        _vocab = [.. trainingValues.Select(Label).Distinct().Order(StringComparer.Ordinal)];
        _index = Index(_vocab);
    }

    /// <inheritdoc />
    public override Tensor Encode(object value)
    {
        var label = Label(value);
        return _index.TryGetValue(label, out var i) ? tensor(i)
            : throw new InvalidDataException($"the label '{Formats.Clip(label)}' is not among the {_vocab.Count} classes of the training items");
    }

    /// <inheritdoc />
    public override bool EncodesBatch => true;

    /// <inheritdoc />
    public override Tensor EncodeBatch(IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var codes = new long[values.Count];
        for (var i = 0; i < codes.Length; i++)
            codes[i] = _index.TryGetValue(Label(values[i]), out var c) ? c
                : throw new InvalidDataException($"the label '{Formats.Clip(Label(values[i]))}' is not among the {_vocab.Count} classes of the training items");
        return tensor(codes);
    }

    /// <inheritdoc />
    public override object Decode(Tensor value, (long Height, long Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var i = value.to_type(ScalarType.Int64).item<long>();
        return i >= 0 && i < _vocab.Count ? _vocab[(int)i] : throw new ArgumentOutOfRangeException(nameof(value), i, $"no class {i} among {_vocab.Count}");
    }

    internal static string Label(object value) => value switch
    {
        string s => s,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        null => throw new InvalidDataException("the label is missing"),
        _ => value.ToString() ?? "",
    };

    private static Dictionary<string, long> Index(IReadOnlyList<string> vocab)
    {
        var index = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in vocab)
            if (!index.TryAdd(v, index.Count)) throw new ArgumentException($"the vocabulary names '{v}' twice", nameof(vocab));
        return index;
    }
}
