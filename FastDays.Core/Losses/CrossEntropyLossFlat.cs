using static TorchSharp.torch;

namespace FastDays.Losses;

/// <summary>Cross-entropy over class logits (fastai's CrossEntropyLossFlat): softmax activation, argmax decoding, checked shapes and labels; with
/// axis 1, over every pixel of (batch, classes, height, width) logits against (batch, height, width) codes, as segmentation needs.</summary>
/// <param name="labelSmoothing">Label smoothing's ε.</param>
/// <param name="axis">The axis of the classes in the outputs (-1: the last; 1 for segmentation).</param>
/// <param name="ignoreIndex">A target code that counts for nothing (a segmentation's void code); -100 ignores none.</param>
public sealed class CrossEntropyLossFlat(double labelSmoothing = 0.0, int axis = -1, long ignoreIndex = -100) : LossFunction
{
    /// <summary>The axis of the classes in the outputs.</summary>
    public int Axis { get; } = axis;

    /// <summary>The target code that counts for nothing (-100: none).</summary>
    public long IgnoreIndex { get; } = ignoreIndex;

    /// <inheritdoc />
    public override Tensor Forward(Tensor output, Tensor target)
    {
        using var scope = NewDisposeScope();
        var (flat, targets) = Flatten(output, target);
        return Compute(flat, targets, nn.Reduction.Mean, output).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor ForwardPerItem(Tensor output, Tensor target)
    {
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var (flat, targets) = Flatten(output, target);
        var losses = Compute(flat, targets, nn.Reduction.None, output);
        if (output.dim() == 2 && Axis is -1 or 1) return losses.MoveToOuterDisposeScope();
        // Several values per item (pixels): each item's mean over the ones not ignored.
        var perItem = losses.reshape(output.shape[0], -1);
        var counted = targets.reshape(output.shape[0], -1).ne(scalars.Of(IgnoreIndex)).to_type(perItem.dtype).sum(1).clamp_min(ScalarScope.One);
        return perItem.sum(1).div(counted).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override bool IntegerTargets => true;

    // (N, C) logits and (N) targets: the class axis moved last and everything else flattened, with shapes checked.
    private (Tensor Output, Tensor Target) Flatten(Tensor output, Tensor target)
    {
        var axis = Axis < 0 ? Axis + output.dim() : Axis;
        if (output.dim() < 2 || axis < 1 || axis >= output.dim())
            throw new ArgumentException($"cross-entropy over axis {Axis} needs outputs of shape (batch, …, classes, …), got {ShapeOf(output)}");
        if (target.dtype != ScalarType.Int64)
            throw new ArgumentException($"cross-entropy needs int64 class indices as targets, got {target.dtype}");
        var expected = output.shape.Where((_, i) => i != axis).ToArray();
        if (!target.shape.SequenceEqual(expected))
            throw new ArgumentException($"cross-entropy needs targets of shape {Formats.List(expected)} for outputs {ShapeOf(output)}, got {ShapeOf(target)}");
        if (output.dim() == 2) return (output, target);
        return (output.movedim([axis], [-1]).reshape(-1, output.shape[axis]), target.reshape(-1));
    }

    private Tensor Compute(Tensor output, Tensor target, nn.Reduction reduction, Tensor original)
    {
        try { return nn.functional.cross_entropy(output, target, reduction: reduction, ignore_index: IgnoreIndex, label_smoothing: labelSmoothing); }
        catch (System.Runtime.InteropServices.ExternalException)
        {
            // Labels are checked only when libtorch refuses them, so a good batch costs no device-to-host copy.
            using var scalars = new ScalarScope();
            var counted = target.masked_select(target.ne(scalars.Of(IgnoreIndex)));
            var classes = output.shape[1];
            var (min, max) = counted.numel() == 0 ? (0L, 0L) : (counted.min().item<long>(), counted.max().item<long>());
            if (min < 0 || max >= classes)
                throw new ArgumentException($"target label {(min < 0 ? min : max)} is outside [0, {classes}) for outputs of shape {ShapeOf(original)}");
            throw;
        }
    }

    /// <inheritdoc />
    public override Tensor Activation(Tensor output) => output.softmax(Axis);

    /// <inheritdoc />
    public override Tensor Decodes(Tensor predictions) => predictions.argmax(Axis);
}
