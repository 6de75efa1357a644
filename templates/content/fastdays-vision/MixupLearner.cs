using FastDays;
using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Vision.Learning;
using static TorchSharp.torch;

namespace FastDaysVision;

/// <summary>A Learner whose training step is mixup: each batch is blended with a shuffled copy of itself (weight λ ~ Beta(α, α), the larger
/// share kept) and the loss blends the two labels in the same proportion.</summary>
public sealed class MixupLearner(DataLoaders dls, nn.Module<Tensor, Tensor> model, VisionArch arch, IEnumerable<Callback>? cbs = null, double alpha = 0.4)
    : Learner(dls, model, new CrossEntropyLossFlat(), splitter: VisionLearners.Splitter(arch), cbs: cbs, metrics: [Metric.Accuracy()])
{
    private readonly Random _random = new(42);

    /// <inheritdoc />
    protected override void DoOneBatch()
    {
        if (!Training)
        {
            base.DoOneBatch();   // validation is plain
            return;
        }
        using var scalars = new ScalarScope();   // C# numbers passed to TorchSharp, freed here rather than by the finalizer
        var (x, y) = (Batch!.X, Batch.Y);                                                   // (bs, 3, 64, 64), (bs)
        var lambda = Beta(alpha);
        lambda = Math.Max(lambda, 1 - lambda);
        var other = randperm(x.shape[0], device: x.device);
        var mixed = x.mul(scalars.Of(lambda)).add(x.index_select(0, other), alpha: scalars.Of(1 - lambda));
        Pred = Model.call(mixed);
        Dispatch(Event.AfterPred);
        LossGrad = LossFunc.Forward(Pred, y).mul(scalars.Of(lambda)).add(LossFunc.Forward(Pred, y.index_select(0, other)), alpha: scalars.Of(1 - lambda));
        Loss = LossGrad.detach();
        Dispatch(Event.AfterLoss);
        WithEvents(() => LossGrad!.backward(), Event.BeforeBackward, Event.AfterCancelBackward, Event.AfterBackward, typeof(CancelBackwardException));
        WithEvents(Opt!.Step, Event.BeforeStep, Event.AfterCancelStep, Event.AfterStep, typeof(CancelStepException));
        WithEvents(Opt!.ZeroGrad, Event.BeforeZeroGrad, Event.AfterCancelZeroGrad, Event.AfterZeroGrad, typeof(CancelZeroGradException));
    }

    // Beta(a, a) as X / (X + Y) with X, Y ~ Gamma(a): Marsaglia and Tsang's method, boosted for a < 1.
    private double Beta(double a)
    {
        var (g1, g2) = (Gamma(a), Gamma(a));
        return g1 / (g1 + g2);
    }

    private double Gamma(double a)
    {
        if (a < 1) return Gamma(a + 1) * Math.Pow(_random.NextDouble(), 1 / a);
        var d = a - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            if (Math.Log(1 - _random.NextDouble()) < 0.5 * z * z + d - d * v + d * Math.Log(v)) return d * v;
        }
    }
}
