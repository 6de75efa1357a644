using static TorchSharp.torch;

namespace FastDays.Losses;

/// <summary>A loss with fastai's extras: the activation that turns outputs into predictions and the decoding into labels.</summary>
public abstract class LossFunction
{
    /// <summary>The mean loss of a batch of model outputs against targets.</summary>
    public abstract Tensor Forward(Tensor output, Tensor target);

    /// <summary>The loss of each item of a batch (PyTorch's reduction 'none', averaged over an item's values), shape (batch): what MixUp and CutMix
    /// blend; Forward is its mean. Losses that cannot say (a loss made FromFunc) throw NotSupportedException.</summary>
    public virtual Tensor ForwardPerItem(Tensor output, Tensor target) =>
        throw new NotSupportedException($"{GetType().Name} gives no per-item losses; override ForwardPerItem to blend items (MixUp, CutMix)");

    /// <summary>Whether targets are class indices (fastai's y_int): MixUp and CutMix then blend the losses of the two targets rather than the targets.
    /// </summary>
    public virtual bool IntegerTargets => false;

    /// <summary>The activation applied to outputs by GetPreds (identity unless overridden).</summary>
    public virtual Tensor Activation(Tensor output) => output.alias();

    /// <summary>Turns activated predictions into decoded targets (identity unless overridden).</summary>
    public virtual Tensor Decodes(Tensor predictions) => predictions.alias();

    /// <summary>A loss from a plain function, with identity activation and decoding.</summary>
    public static LossFunction FromFunc(Func<Tensor, Tensor, Tensor> loss) => new DelegateLoss(loss);

    /// <summary>The shape of a tensor as [a, b, c], for error messages.</summary>
    protected static string ShapeOf(Tensor t) => $"{Formats.Shape(t)}";

    private sealed class DelegateLoss(Func<Tensor, Tensor, Tensor> loss) : LossFunction
    {
        public override Tensor Forward(Tensor output, Tensor target) => loss(output, target);
    }
}
