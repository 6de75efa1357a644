using FastDays.Losses;
using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>fastai's RegressionBlock: one or more continuous targets per item as a float vector; its loss is MseLossFlat.</summary>
public sealed class RegressionBlock(int? nOut = null) : TransformBlock
{
    private int? _nOut = nOut;

    /// <inheritdoc />
    public override TensorType Type => TensorType.Regression;

    /// <inheritdoc />
    public override int? OutputSize => _nOut;

    /// <inheritdoc />
    public override LossFunction LossFunc => new MseLossFlat();

    /// <inheritdoc />
    public override void Setup(IReadOnlyList<object> trainingValues)
    {
        if (trainingValues.Count > 0) _nOut ??= Values(trainingValues[0]).Length;
    }

    /// <inheritdoc />
    public override Tensor Encode(object value)
    {
        var values = Values(value);
        if (_nOut is { } n && values.Length != n) throw new InvalidDataException($"{values.Length} target values where the block has {n}");
        if (values.Any(v => !float.IsFinite(v))) throw new InvalidDataException($"a target that is not a finite number: {Formats.List(values)}");
        return tensor(values);
    }

    /// <inheritdoc />
    public override bool EncodesBatch => true;

    /// <inheritdoc />
    public override object Decode(Tensor value, (long Height, long Width)? size = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.to_type(ScalarType.Float32).cpu().reshape(-1).data<float>().ToArray();
    }

    /// <inheritdoc />
    public override BlockSpec Spec() => new(nameof(RegressionBlock), Type.Name, [], _nOut is { } n ? [n] : null);

    private static float[] Values(object value) => value switch
    {
        float f => [f],
        double d => [(float)d],
        int i => [i],
        long l => [l],
        string s => [.. s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse)],
        IEnumerable<float> f => [.. f],
        IEnumerable<double> d => [.. d.Select(x => (float)x)],
        _ => throw new InvalidDataException($"a RegressionBlock takes numbers, got {value?.GetType().Name ?? "null"}"),
    };

    private static float Parse(string s) => float.TryParse(s, System.Globalization.NumberStyles.Float,
        System.Globalization.CultureInfo.InvariantCulture, out var v)
        ? v : throw new InvalidDataException($"'{Formats.Clip(s)}' is not a number");
}
