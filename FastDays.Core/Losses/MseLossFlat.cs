using static TorchSharp.torch;

namespace FastDays.Losses;

/// <summary>Mean squared error with outputs and targets flattened to the same shape (fastai's MseLossFlat).</summary>
public sealed class MseLossFlat : LossFunction
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor output, Tensor target)
    {
        if (output.numel() != target.numel())
            throw new ArgumentException($"MSE needs outputs and targets of the same size, got {ShapeOf(output)} and {ShapeOf(target)}");
        return nn.functional.mse_loss(output.reshape(-1), target.reshape(-1).to_type(output.dtype));
    }

    /// <inheritdoc />
    public override Tensor ForwardPerItem(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        if (output.numel() != target.numel())
            throw new ArgumentException($"MSE needs outputs and targets of the same size, got {ShapeOf(output)} and {ShapeOf(target)}");
        using var scope = NewDisposeScope();
        var items = nn.functional.mse_loss(output, target.reshape(output.shape).to_type(output.dtype), reduction: nn.Reduction.None);
        return items.reshape(output.shape[0], -1).mean([1]).MoveToOuterDisposeScope();
    }
}
