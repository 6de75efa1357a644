using static TorchSharp.torch;

namespace FastDays.Losses;

/// <summary>Cross-entropy over class logits (fastai's CrossEntropyLossFlat): softmax activation, argmax decoding, checked shapes and labels.</summary>
public sealed class CrossEntropyLossFlat(double labelSmoothing = 0.0) : LossFunction
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor output, Tensor target) => Compute(output, target, nn.Reduction.Mean);

    /// <inheritdoc />
    public override Tensor ForwardPerItem(Tensor output, Tensor target) => Compute(output, target, nn.Reduction.None);

    /// <inheritdoc />
    public override bool IntegerTargets => true;

    private Tensor Compute(Tensor output, Tensor target, nn.Reduction reduction)
    {
        if (output.dim() != 2)
            throw new ArgumentException($"cross-entropy needs outputs of shape (batch, classes), got {ShapeOf(output)}");
        if (target.dim() != 1 || target.shape[0] != output.shape[0])
            throw new ArgumentException($"cross-entropy needs targets of shape ({output.shape[0]}) for outputs {ShapeOf(output)}, got {ShapeOf(target)}");
        if (target.dtype != ScalarType.Int64)
            throw new ArgumentException($"cross-entropy needs int64 class indices as targets, got {target.dtype}");
        try { return nn.functional.cross_entropy(output, target, reduction: reduction, label_smoothing: labelSmoothing); }
        catch (System.Runtime.InteropServices.ExternalException)
        {
            // Labels are checked only when libtorch refuses them, so a good batch costs no device-to-host copy.
            var (classes, min, max) = (output.shape[1], target.min().item<long>(), target.max().item<long>());
            if (min < 0 || max >= classes)
                throw new ArgumentException($"target label {(min < 0 ? min : max)} is outside [0, {classes}) for outputs of shape {ShapeOf(output)}");
            throw;
        }
    }

    /// <inheritdoc />
    public override Tensor Activation(Tensor output) => output.softmax(-1);

    /// <inheritdoc />
    public override Tensor Decodes(Tensor predictions) => predictions.argmax(-1);
}
