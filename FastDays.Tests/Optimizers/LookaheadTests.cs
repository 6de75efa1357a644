using FastDays.Interop;
using FastDays.Learning;
using FastDays.Optimizers;
using FastDays.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Tests.Optimizers;

/// <summary>Lookahead's slow weights and step counts as optimizer state: saved, restored, kept in float32 under bfloat16, and refused where PyTorch
/// has no counterpart.</summary>
public sealed class LookaheadTests
{
    private static Parameter[] Params(ScalarType dtype = ScalarType.Float32)
    {
        manual_seed(3);
        return [new Parameter(randn(4, 3).to_type(dtype)), new Parameter(randn(5).to_type(dtype))];
    }

    private static Optimizer Make(Parameter[] ps) => OptFuncs.Lookahead(OptFuncs.Adam(), k: 3)([ps], 0.05);

    private static void Steps(Optimizer opt, Parameter[] ps, int from, int to)
    {
        for (var step = from; step < to; step++)
        {
            using var scope = NewDisposeScope();
            manual_seed(100 + step);
            foreach (var p in ps) p.grad = randn(p.shape).to_type(p.dtype);
            opt.Step();
        }
    }

    [Test]
    public void AStateSavedBetweenSynchronisationsResumesToTheSameWeights()
    {
        var straight = Params();
        using var opt = Make(straight);
        Steps(opt, straight, 0, 8);

        var first = Params();
        using var before = Make(first);
        Steps(before, first, 0, 4);   // one synchronisation done (step 3), the next (step 6) half way
        using var scope = NewDisposeScope();
        var (tensors, hypers) = before.StateDict();
        Assert.That(tensors.Keys, Does.Contain("0.0.slow").And.Contain("0.0.step"));
        var second = first.Select(p => new Parameter(p.detach().clone())).ToArray();
        using var after = Make(second);
        after.LoadStateDict(tensors.ToDictionary(kv => kv.Key, kv => kv.Value.clone()), hypers);
        Steps(after, second, 4, 8);

        for (var i = 0; i < straight.Length; i++)
            Assert.That(second[i].allclose(straight[i], rtol: 0, atol: 1e-7), Is.True, $"parameter {i}");
        var plain = Params();
        using var adam = OptFuncs.Adam()([plain], 0.05);
        Steps(adam, plain, 0, 8);
        Assert.That(plain[0].allclose(straight[0], rtol: 0, atol: 1e-4), Is.False, "Lookahead changed the trajectory");
    }

    [Test]
    public void AStateOfTheOtherKindIsRefusedNamingItsKey()
    {
        var ps = Params();
        using var withLookahead = Make(ps);
        using var plain = OptFuncs.Adam()([ps], 0.05);
        Steps(withLookahead, ps, 0, 2);
        Steps(plain, ps, 0, 2);
        using var scope = NewDisposeScope();
        var (slowState, slowHypers) = withLookahead.StateDict();
        var (plainState, plainHypers) = plain.StateDict();
        var error = Assert.Throws<ArgumentException>(() => plain.LoadStateDict(slowState, slowHypers))!;
        Assert.That(error.Message, Does.Contain(".slow'").And.Contain("has no Lookahead"));
        error = Assert.Throws<ArgumentException>(() => withLookahead.LoadStateDict(plainState, plainHypers))!;
        Assert.That(error.Message, Does.Contain("'0.").And.Contain("without Lookahead's slow weights"));
        Assert.That(withLookahead.StateDict().Tensors.Keys, Does.Contain("0.1.slow"), "the refused state replaced nothing");
    }

    [Test]
    public void UnderBfloat16TheSlowWeightsFollowTheFloat32Master()
    {
        var ps = Params(ScalarType.BFloat16);
        using var opt = Make(ps);
        Steps(opt, ps, 0, 3);   // the third step synchronises: the master is the slow copy, the parameter its bfloat16 rounding
        using var scope = NewDisposeScope();
        var (tensors, _) = opt.StateDict();
        Assert.That(tensors["0.0.slow"].dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(tensors["0.0.slow"].equal(tensors["0.0.master"]).all().item<bool>(), Is.True);
        Assert.That(ps[0].detach().equal(tensors["0.0.slow"].to_type(ScalarType.BFloat16)).all().item<bool>(), Is.True);
    }

    [Test]
    public void ALearnerSwitchingToBfloat16KeepsTheSlowWeightsAsFloat32()
    {
        var learn = SynthLearner.Create(nTrain: 4, opt: OptFuncs.Lookahead(OptFuncs.Adam(), k: 2));
        learn.ToBf16();   // before any step: the masters go over alone
        learn.Fit(1);
        learn.ToFp32();
        learn.ToBf16();   // after steps: the slow weights and step counts go over with them
        using var scope = NewDisposeScope();
        var (tensors, _) = learn.Opt!.StateDict();
        Assert.That(learn.Opt.Lookahead, Is.EqualTo(new LookaheadOptions(2)));
        Assert.That(tensors["0.0.step"].item<long>(), Is.EqualTo(4));
        Assert.That(tensors["0.0.slow"].dtype, Is.EqualTo(ScalarType.Float32));
        learn.Fit(1);
        Assert.That(learn.Opt.StateDict().Tensors["0.0.step"].item<long>(), Is.EqualTo(8));
    }

    [Test]
    public void RangerIsLookaheadAroundRAdamWithFastaisSettings()
    {
        using var ranger = OptFuncs.Ranger()([Params()], 0.01);
        Assert.That(ranger, Is.TypeOf<RAdamOptimizer>());
        Assert.That(((RAdamOptimizer)ranger).DecoupleWd, Is.True);
        Assert.That(ranger.Lookahead, Is.EqualTo(new LookaheadOptions(6, 0.5)));
        var h = ranger.ParamGroups[0].Hypers;
        Assert.That((h["lr"], h["mom"], h["sqr_mom"], h["eps"], h["wd"]), Is.EqualTo((0.01, 0.95, 0.99, 1e-6, 0.01)));
    }

    [Test]
    public void PyTorchExportIsRefusedAndBadSettingsNamed()
    {
        var ps = Params();
        using var opt = Make(ps);
        Steps(opt, ps, 0, 1);
        using var dir = new TempDirectory();
        var error = Assert.Throws<NotSupportedException>(() => opt.SavePyTorch(Path.Combine(dir.Path, "opt.pt")))!;
        Assert.That(error.Message, Does.Contain("Lookahead"));
        Assert.That(File.Exists(Path.Combine(dir.Path, "opt.pt")), Is.False);
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LookaheadOptions(0))!.Message, Does.Contain("k must be at least 1"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LookaheadOptions(6, 1.5))!.Message, Does.Contain("alpha"));
    }
}
