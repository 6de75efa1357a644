using FastDays.Data;
using FastDays.Losses;
using FastDays.Vision.Transforms;
using static TorchSharp.torch;

namespace FastDays.Vision.Data;

/// <summary>fastai's PointBlock: key points of an image as float (points, 2) pixel coordinates (x, y), moved by the item and batch transforms with
/// the image and scaled to [-1, 1] by PointScaler; its loss is MseLossFlat and it decodes back to pixels of the model's input.</summary>
public sealed class PointBlock : TransformBlock
{
    private long? _points;

    /// <inheritdoc />
    public override TensorType Type => TensorType.Points;

    /// <inheritdoc />
    public override string Describe() => _points is { } k ? $"PointBlock({k} point{(k == 1 ? "" : "s")})" : "PointBlock";

    /// <inheritdoc />
    public override IReadOnlyList<IItemTransform> ItemTfms => [new PointScaler()];

    /// <inheritdoc />
    public override int? OutputSize => _points is { } k ? (int)(2 * k) : null;

    /// <inheritdoc />
    public override LossFunction LossFunc => new MseLossFlat();

    /// <inheritdoc />
    public override void Setup(IReadOnlyList<object> trainingValues)
    {
        if (trainingValues.Count == 0) return;
        using var first = Encode(trainingValues[0]);
        _points = first.shape[0];
    }

    /// <inheritdoc />
    public override Tensor Encode(object value)
    {
        var flat = value switch
        {
            IEnumerable<float> f => f.ToArray(),
            IEnumerable<double> d => d.Select(x => (float)x).ToArray(),
            IEnumerable<(double X, double Y)> p => p.SelectMany(q => new[] { (float)q.X, (float)q.Y }).ToArray(),
            string s => [.. s.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(Parse)],
            Tensor t when t.is_floating_point() && t.dim() == 2 && t.shape[1] == 2 => t.cpu().to_type(ScalarType.Float32).data<float>().ToArray(),
            _ => throw new InvalidDataException($"a PointBlock takes (x, y) pairs, got {value?.GetType().Name ?? "null"}"),
        };
        if (flat.Length == 0 || flat.Length % 2 != 0) throw new InvalidDataException($"{flat.Length} coordinates are not (x, y) pairs");
        if (flat.Any(v => !float.IsFinite(v))) throw new InvalidDataException($"a point that is not finite: {Formats.List(flat)}");
        if (_points is { } k && flat.Length != 2 * k) throw new InvalidDataException($"{flat.Length / 2} points where the training items have {k}");
        return tensor(flat, [flat.Length / 2, 2]);
    }

    /// <inheritdoc />
    public override void Check(Item item, int index)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (h, w) = item.ImageSize() ?? throw new InvalidDataException("a PointBlock needs an ImageBlock in the same item");
        var flat = item[index].data<float>().ToArray();
        for (var i = 0; i < flat.Length; i += 2)
            if (flat[i] < 0 || flat[i] > w || flat[i + 1] < 0 || flat[i + 1] > h)
                throw new InvalidDataException(FormattableString.Invariant($"the point ({flat[i]}, {flat[i + 1]}) is outside the {w} × {h} image"));
    }

    /// <summary>Points in [-1, 1] of an image of size back to its pixels, as (x, y) pairs; without a size the scaled coordinates are returned.</summary>
    public override object Decode(Tensor value, (long Height, long Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var flat = value.to_type(ScalarType.Float32).cpu().reshape(-1).data<float>().ToArray();
        if (size is not { } s) return (float[])[.. flat];
        return (float[])[.. flat.Select((v, i) => (v + 1) / 2 * (i % 2 == 0 ? s.Width : s.Height))];
    }

    /// <inheritdoc />
    public override string Show(object decoded) => decoded is float[] flat
        ? string.Join(" ", Enumerable.Range(0, flat.Length / 2).Select(i => FormattableString.Invariant($"({flat[2 * i]:F1}, {flat[2 * i + 1]:F1})")))
        : base.Show(decoded);

    /// <inheritdoc />
    public override BlockSpec Spec() => new(nameof(PointBlock), Type.Name, [], _points is { } k ? [k, 2] : null);

    private static float Parse(string s) =>
        float.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw new InvalidDataException($"'{Formats.Clip(s)}' is not a coordinate");
}
