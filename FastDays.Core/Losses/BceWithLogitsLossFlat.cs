using static TorchSharp.torch;

namespace FastDays.Losses;

/// <summary>Binary cross-entropy on logits, for binary and multi-label targets (fastai's BceWithLogitsLossFlat): sigmoid activation, threshold
/// decoding.</summary>
public sealed class BceWithLogitsLossFlat(double threshold = 0.5) : LossFunction
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor output, Tensor target)
    {
        if (output.numel() != target.numel())
            throw new ArgumentException($"binary cross-entropy needs outputs and targets of the same size, got {ShapeOf(output)} and {ShapeOf(target)}");
        return nn.functional.binary_cross_entropy_with_logits(output.reshape(-1), target.reshape(-1).to_type(output.dtype));
    }

    /// <inheritdoc />
    public override Tensor ForwardPerItem(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        if (output.numel() != target.numel())
            throw new ArgumentException($"binary cross-entropy needs outputs and targets of the same size, got {ShapeOf(output)} and {ShapeOf(target)}");
        using var scope = NewDisposeScope();
        var items = nn.functional.binary_cross_entropy_with_logits(output, target.reshape(output.shape).to_type(output.dtype), reduction: nn.Reduction.None);
        return items.reshape(output.shape[0], -1).mean([1]).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor Activation(Tensor output) => output.sigmoid();

    /// <inheritdoc />
    public override Tensor Decodes(Tensor predictions)
    {
        using var s = new ScalarScope();
        return predictions.gt(s.Of(threshold));
    }
}
