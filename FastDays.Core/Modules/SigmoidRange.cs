using static TorchSharp.torch;

namespace FastDays.Modules;

/// <summary>fastai's SigmoidRange layer: a sigmoid scaled to (low, high), what y_range puts after a regression head so outputs stay in the targets'
/// range (key points in [-1, 1], ratings in 0–5.5).</summary>
public sealed class SigmoidRange : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the layer for outputs between low and high.</summary>
    public SigmoidRange(double low, double high) : base(nameof(SigmoidRange))
    {
        if (!(high > low) || !double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentException($"y_range needs finite low < high, got ({low}, {high})");
        (Low, High) = (low, high);
    }

    /// <summary>The lower end of the range.</summary>
    public double Low { get; }

    /// <summary>The upper end of the range.</summary>
    public double High { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scalars = new ScalarScope();
        return input.sigmoid().mul(scalars.Of(High - Low)).add(scalars.Of(Low), ScalarScope.One);
    }
}
