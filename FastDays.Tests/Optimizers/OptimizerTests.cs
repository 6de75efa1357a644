using FastDays.Learning;
using FastDays.Optimizers;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Optimizers;

public sealed class OptimizerTests
{
    private static Tensor[] StateTensors(Optimizer opt)
    {
        using var scope = NewDisposeScope();   // frees the step-count tensors the state dict makes
        var (tensors, _) = opt.StateDict();
        return [.. tensors.Where(kv => !kv.Key.EndsWith(".step", StringComparison.Ordinal)).Select(kv => kv.Value)];
    }

    [Test]
    public void DisposingTheOptimizerFreesItsState()
    {
        var learn = SynthLearner.Create(opt: OptFuncs.Adam());
        learn.Fit(1);
        var state = StateTensors(learn.Opt!);
        Assert.That(state, Is.Not.Empty);
        learn.Opt!.Dispose();
        Assert.That(state.Select(t => t.IsInvalid), Is.All.True);
        Assert.That(learn.Opt.StateDict().Tensors, Is.Empty);
    }

    [Test]
    public void TheLearnerDisposesTheOptimizersItReplacesOrMakesForLrFind()
    {
        var learn = SynthLearner.Create(nTrain: 20, opt: OptFuncs.Adam());
        learn.Fit(1);
        var (first, firstState) = (learn.Opt!, StateTensors(learn.Opt!));
        learn.Fit(1, resetOpt: true);
        Assert.That(learn.Opt, Is.Not.SameAs(first));
        Assert.That(firstState.Select(t => t.IsInvalid), Is.All.True, "resetOpt disposes the optimizer it replaces");

        var probe = new OptProbe();
        learn.AddCbs([probe]);
        learn.LrFind(numIt: 20);
        Assert.That(probe.Seen, Is.Not.SameAs(learn.Opt), "LrFind sweeps with an optimizer of its own …");
        Assert.That(probe.State.Select(t => t.IsInvalid), Is.All.True, "… and disposes it");
        Assert.That(StateTensors(learn.Opt!).Select(t => t.IsInvalid), Is.All.False, "the learner's optimizer is kept whole");
    }

    private sealed class OptProbe : Callback
    {
        public Optimizer? Seen { get; private set; }
        public Tensor[] State { get; private set; } = [];
        public override void AfterBatch() => (Seen, State) = (Learn.Opt, StateTensors(Learn.Opt!));
    }
}
