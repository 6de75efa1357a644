using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's MixedPrecision without autocast: the model computes in bfloat16 or float16 (batchnorm stays float32), inputs are cast to that
/// type, predictions and loss are float32, and the optimizer keeps float32 master weights; float16 adds dynamic loss scaling.</summary>
/// <remarks>Added by <see cref="Learning.MixedPrecisionExtensions.ToBf16"/> or <see cref="Learning.MixedPrecisionExtensions.ToFp16"/>, which also
/// convert the model.</remarks>
public sealed class MixedPrecision : Callback, IResumable
{
    private int _goodSteps;

    /// <summary>Creates the callback for a low-precision type; loss scaling starts at initScale for float16 and is off for bfloat16.</summary>
    public MixedPrecision(ScalarType dtype, double initScale = 65536, int growthInterval = 2000)
    {
        if (dtype is not (ScalarType.BFloat16 or ScalarType.Float16))
            throw new ArgumentException($"mixed precision computes in BFloat16 or Float16, not {dtype}", nameof(dtype));
        (Dtype, LossScale, GrowthInterval) = (dtype, dtype == ScalarType.Float16 ? initScale : 1, growthInterval);
    }

    /// <summary>The type the model computes in.</summary>
    public ScalarType Dtype { get; }

    /// <summary>The current loss scale (1 for bfloat16, whose range is float32's); halved after an overflow, doubled after GrowthInterval good steps.</summary>
    public double LossScale { get; private set; }

    /// <summary>The number of steps without overflow after which the float16 loss scale doubles (PyTorch's GradScaler: 2000).</summary>
    public int GrowthInterval { get; }

    /// <summary>The steps skipped because a scaled gradient overflowed.</summary>
    public int SkippedSteps { get; private set; }

    /// <inheritdoc />
    public override int Order => 10;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> SaveState() =>
        new Dictionary<string, double> { ["loss_scale"] = LossScale, ["good_steps"] = _goodSteps, ["skipped_steps"] = SkippedSteps };

    /// <inheritdoc />
    public void LoadState(IReadOnlyDictionary<string, double> state)
    {
        var scale = SavedState.Number(state, "loss_scale", v => double.IsFinite(v) && v > 0, "a positive number");
        (LossScale, _goodSteps, SkippedSteps) = (scale, SavedState.Count(state, "good_steps"), SavedState.Count(state, "skipped_steps"));
    }

    /// <inheritdoc />
    public override void BeforeBatch()
    {
        var batch = Learn.Batch!;
        if (batch.X.is_floating_point() && batch.X.dtype != Dtype) Learn.Batch = batch.WithX(batch.X.to_type(Dtype));
    }

    /// <inheritdoc />
    public override void AfterPred() => Learn.Pred = Learn.Pred!.to_type(ScalarType.Float32);

    /// <inheritdoc />
    public override void AfterLoss()
    {
        if (!Learn.Training || LossScale == 1) return;
        using var scalars = new ScalarScope();
        Learn.LossGrad = Learn.LossGrad!.mul(scalars.Of(LossScale));
    }

    /// <inheritdoc />
    public override void BeforeStep()
    {
        if (Dtype != ScalarType.Float16) return;
        var grads = Learn.Opt!.ParamGroups.SelectMany(g => g.Params).Select(p => p.grad).OfType<Tensor>().ToList();
        var finite = grads.Count == 0 || stack(grads.Select(g => g.isfinite().all()).ToArray()).all().item<bool>();
        if (!finite)
        {
            (LossScale, _goodSteps) = (LossScale / 2, 0);
            SkippedSteps++;
            throw new CancelStepException();
        }
        Learn.Opt.LossScale = LossScale;
        if (++_goodSteps % GrowthInterval == 0) LossScale *= 2;
    }
}
