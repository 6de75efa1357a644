using FastDays.Learning;
using FastDays.Losses;
using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's MixHandler: the base of callbacks that blend each training batch with a shuffled copy of itself (MixUp, CutMix). For class-index
/// targets (a loss with IntegerTargets, such as CrossEntropyLossFlat) the learner's loss becomes, during training, the blend of the per-item losses
/// against both targets; other targets are blended themselves.</summary>
/// <param name="alpha">The concentration of the Beta(α, α) the blending weights are drawn from (torch's generator, so a resumed fit draws the same).</param>
public abstract class MixHandler(double alpha) : Callback
{
    private LossFunction? _plainLoss;

    /// <summary>The concentration of the Beta distribution λ is drawn from.</summary>
    public double Alpha { get; } = double.IsFinite(alpha) && alpha > 0 ? alpha
        : throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be a positive number");

    /// <summary>Before MixedPrecision (10), which casts the blended inputs.</summary>
    public override int Order => 5;

    /// <summary>Training batches only, as in fastai.</summary>
    public override bool RunValid => false;

    /// <summary>The weight of the original item in the current batch: one per item (MixUp) or one for the batch (CutMix); a tensor of the batch.</summary>
    public Tensor? Lam { get; protected set; }

    /// <summary>The permutation that made the shuffled copy of the current batch; a tensor of the batch.</summary>
    public Tensor? Shuffle { get; protected set; }

    /// <summary>The targets of the shuffled copy; a tensor of the batch.</summary>
    public Tensor? Y1 { get; protected set; }

    /// <summary>Whether the losses are blended (class-index targets) rather than the targets.</summary>
    protected bool BlendsLoss => _plainLoss is not null;

    /// <summary>n draws of Beta(α, α) on the device, from torch's generator.</summary>
    protected Tensor Sample(long n, Device device)
    {
        using var concentration = tensor(Alpha, ScalarType.Float32);
        var beta = distributions.Beta(concentration, concentration);
        return beta.sample(n).to(device);
    }

    /// <summary>Replaces the batch with blended inputs and, unless the losses are blended, targets blended with Lam (broadcast over an item's values).
    /// </summary>
    protected void SetBatch(Tensor x, Tensor y)
    {
        var batch = Learn.Batch!;
        if (!BlendsLoss)
        {
            var lam = Lam!.dim() == 0 ? Lam : Lam.reshape([Lam.shape[0], .. Enumerable.Repeat(1L, (int)batch.Y.dim() - 1)]);
            y = Y1!.to_type(ScalarType.Float32).lerp(batch.Y.to_type(ScalarType.Float32), lam.to_type(ScalarType.Float32));
        }
        Learn.Batch = new Data.Batch(x, y);
    }

    /// <inheritdoc />
    public override void BeforeTrain()
    {
        if (!Learn.LossFunc.IntegerTargets) return;
        _plainLoss = Learn.LossFunc;
        Learn.LossFunc = new MixedLoss(this, _plainLoss);
    }

    /// <inheritdoc />
    public override void AfterTrain() => Restore();

    /// <inheritdoc />
    public override void AfterCancelTrain() => Restore();

    /// <inheritdoc />
    public override void AfterCancelFit() => Restore();

    /// <summary>Puts the learner's own loss back, however the fit ended.</summary>
    public override void Cleanup() => Restore();

    private void Restore()
    {
        if (_plainLoss is null) return;
        Learn.LossFunc = _plainLoss;
        _plainLoss = null;
    }

    // The loss during training: the per-item losses against the shuffled and the original targets, blended by λ, averaged.
    private sealed class MixedLoss(MixHandler handler, LossFunction plain) : LossFunction
    {
        public override Tensor Forward(Tensor output, Tensor target)
        {
            if (!handler.Learn.Training || handler.Lam is null || handler.Y1 is null) return plain.Forward(output, target);
            using var scope = NewDisposeScope();
            return ForwardPerItem(output, target).mean().MoveToOuterDisposeScope();
        }

        public override Tensor ForwardPerItem(Tensor output, Tensor target)
        {
            using var scope = NewDisposeScope();
            var lam = handler.Lam!.to_type(ScalarType.Float32);
            return plain.ForwardPerItem(output, handler.Y1!).to_type(ScalarType.Float32).lerp(plain.ForwardPerItem(output, target)
                .to_type(ScalarType.Float32), lam).MoveToOuterDisposeScope();
        }

        public override bool IntegerTargets => plain.IntegerTargets;

        public override Tensor Activation(Tensor output) => plain.Activation(output);

        public override Tensor Decodes(Tensor predictions) => plain.Decodes(predictions);
    }
}
