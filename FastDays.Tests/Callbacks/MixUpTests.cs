using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Optimizers;
using static TorchSharp.torch;

namespace FastDays.Tests.Callbacks;

/// <summary>MixUp and CutMix: the batch the model sees is the hand-blended one, and the loss is the per-item losses against both targets blended by the
/// same λ; the learner's own loss is back after training, and validation is plain.</summary>
[NonParallelizable]
public sealed class MixUpTests
{
    // Keeps what the batch was before the mix, and what the model saw and the loss were after it.
    private sealed class Probe(MixHandler mix) : Callback
    {
        public override int Order => 50;
        public List<(Tensor X, Tensor Y)> Before { get; } = [];
        public List<(Tensor X, Tensor Y, Tensor Pred, Tensor Loss, Tensor Lam, Tensor Shuffle)> After { get; } = [];
        public List<LossFunction> ValidationLoss { get; } = [];

        public override void AfterLoss()
        {
            if (!Learn.Training)
            {
                ValidationLoss.Add(Learn.LossFunc);
                return;
            }
            After.Add((Keep(Learn.Batch!.X), Keep(Learn.Batch.Y), Keep(Learn.Pred!), Keep(Learn.Loss!), Keep(mix.Lam!), Keep(mix.Shuffle!)));
        }

        public static Tensor Keep(Tensor t) => t.detach().clone().DetachFromDisposeScope();
    }

    // Records each training batch before any callback changes it (Order below MixHandler's 5).
    private sealed class Original(Probe probe) : Callback
    {
        public override int Order => 1;
        public override bool RunValid => false;
        public override void BeforeBatch() => probe.Before.Add((Probe.Keep(Learn.Batch!.X), Probe.Keep(Learn.Batch.Y)));
    }

    private static Learner Classifier(Tensor x, Tensor y, MixHandler mix, Probe probe, nn.Module<Tensor, Tensor> model, LossFunction? loss = null) =>
        new(DataLoaders.FromTensors(x, y, x[..16], y[..16], batchSize: 16, seed: 1), model, loss ?? new CrossEntropyLossFlat(),
            OptFuncs.Sgd(mom: 0), lr: 0.1, cbs: [mix, probe, new Original(probe)]);

    // The cross-entropy of each item, by hand: −log softmax at the target.
    private static Tensor CrossEntropyPerItem(Tensor pred, Tensor y) => pred.log_softmax(-1).gather(1, y.unsqueeze(1)).squeeze(1).neg();

    [Test]
    public void MixUpFeedsTheModelTheHandMixedBatchAndBlendsTheLossesOfBothTargets()
    {
        manual_seed(0);
        using var x = randn(64, 6);
        using var y = randint(0, 3, [64]);
        var mix = new MixUp(0.4);
        var probe = new Probe(mix);
        var model = nn.Linear(6, 3);
        using var w0 = Probe.Keep(model.weight!);   // the weights the first batch meets
        using var b0 = Probe.Keep(model.bias!);
        var learn = Classifier(x, y, mix, probe, model);
        var lossFunc = learn.LossFunc;
        learn.RemoveCbs(learn.Cbs.OfType<ProgressCallback>().ToList());
        learn.Fit(1);
        Assert.That(probe.After, Has.Count.EqualTo(4));
        for (var i = 0; i < probe.After.Count; i++)
        {
            var (x0, y0) = probe.Before[i];
            var (mixed, yb, pred, loss, lam, shuffle) = probe.After[i];
            Assert.That(lam.min().item<float>(), Is.GreaterThanOrEqualTo(0.5f), "the larger share is the item's own");
            var hand = lam.unsqueeze(1).mul(x0).add(lam.neg().add(1).unsqueeze(1).mul(x0.index_select(0, shuffle)));
            Assert.That(mixed.allclose(hand, rtol: 0, atol: 1e-6), Is.True, "the inputs are λ·x + (1 − λ)·x′");
            Assert.That(yb.eq(y0).all().item<bool>(), Is.True, "class targets stay; their losses are blended");
            if (i == 0)
                Assert.That(pred.allclose(nn.functional.linear(hand, w0, b0), rtol: 0, atol: 1e-5), Is.True, "the model saw the hand-mixed inputs");
            var blended = lam.mul(CrossEntropyPerItem(pred, y0)).add(lam.neg().add(1).mul(CrossEntropyPerItem(pred, y0.index_select(0, shuffle))));
            Assert.That(loss.item<float>(), Is.EqualTo(blended.mean().item<float>()).Within(1e-5));
        }
        Assert.That(learn.LossFunc, Is.SameAs(lossFunc), "the learner's own loss is back after training");
        Assert.That(probe.ValidationLoss, Has.All.SameAs(lossFunc), "validation uses the plain loss");
    }

    [Test]
    public void CutMixPastesOneBoxOfTheShuffledBatchAndWeighsTheLossesByTheAreaLeft()
    {
        manual_seed(1);
        using var x = randn(32, 1, 12, 10);
        using var y = randint(0, 4, [32]);
        var mix = new CutMix(1.0);
        var probe = new Probe(mix);
        var model = nn.Sequential(("flatten", nn.Flatten()), ("fc", nn.Linear(120, 4)));
        var learn = Classifier(x, y, mix, probe, model);
        learn.RemoveCbs(learn.Cbs.OfType<ProgressCallback>().ToList());
        learn.Fit(3);
        var boxes = 0;
        for (var i = 0; i < probe.After.Count; i++)
        {
            var (x0, y0) = probe.Before[i];
            var (mixed, _, pred, loss, lam, shuffle) = probe.After[i];
            var other = x0.index_select(0, shuffle);
            // Every pixel is the item's own or the shuffled item's; the pasted ones form one rectangle, the same for the whole batch.
            var pasted = mixed.ne(x0).any(0).any(0);   // (12, 10)
            Assert.That(mixed.eq(x0).logical_or(mixed.eq(other)).all().item<bool>(), Is.True);
            var rows = Enumerable.Range(0, 12).Where(r => pasted[r].any().item<bool>()).ToList();
            var cols = Enumerable.Range(0, 10).Where(c => pasted[.., c].any().item<bool>()).ToList();
            var area = rows.Count * cols.Count;
            if (area > 0)
            {
                boxes++;
                Assert.That(rows.Last() - rows.First() + 1, Is.EqualTo(rows.Count), "contiguous rows");
                Assert.That(cols.Last() - cols.First() + 1, Is.EqualTo(cols.Count), "contiguous columns");
                Assert.That(lam.item<float>(), Is.EqualTo(1 - area / 120f).Within(1e-6), "λ is the share of the image left");
            }
            var hand = lam.mul(CrossEntropyPerItem(pred, y0)).add(lam.neg().add(1).mul(CrossEntropyPerItem(pred, y0.index_select(0, shuffle)))).mean();
            Assert.That(loss.item<float>(), Is.EqualTo(hand.item<float>()).Within(1e-5));
        }
        Assert.That(boxes, Is.GreaterThan(0), "some batches had a box");
    }

    [Test]
    public void FloatTargetsAreBlendedThemselvesAndTheSameSeedGivesTheSameLosses()
    {
        // Multi-label targets (BCE): no per-item loss blending, the targets are λ·y + (1 − λ)·y′.
        float[] Run()
        {
            manual_seed(2);
            using var x = randn(32, 5);
            using var y = randint(0, 2, [32, 3]).to_type(ScalarType.Float32);
            var mix = new MixUp(0.4);
            var probe = new Probe(mix);
            var learn = Classifier(x, y, mix, probe, nn.Linear(5, 3), new BceWithLogitsLossFlat());
            learn.RemoveCbs(learn.Cbs.OfType<ProgressCallback>().ToList());
            learn.Fit(2);
            for (var i = 0; i < probe.After.Count; i++)
            {
                var (_, y0) = probe.Before[i];
                var (_, yb, _, _, lam, shuffle) = probe.After[i];
                var hand = lam.unsqueeze(1).mul(y0).add(lam.neg().add(1).unsqueeze(1).mul(y0.index_select(0, shuffle)));
                Assert.That(yb.allclose(hand, rtol: 0, atol: 1e-6), Is.True);
            }
            return [.. learn.Recorder.Losses.Select(l => (float)l)];
        }
        Assert.That(Run(), Is.EqualTo(Run()), "MixUp draws from torch's generator: the same seed, the same losses");
    }

    [Test]
    public void AlphaMustBePositiveAndALossWithoutPerItemValuesIsNamed()
    {
        Assert.That(() => new MixUp(0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new CutMix(double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => LossFunction.FromFunc((a, b) => a.sub(b).square().mean()).ForwardPerItem(zeros(2), zeros(2)),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("ForwardPerItem"));
    }
}
