using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Tests.Learning;

/// <summary>Parameter groups: freezing keeps the body fixed (batchnorm excepted), slices spread learning rates over the groups.</summary>
public class DiscriminativeLrTests
{
    private static (Learner Learn, Linear Body, BatchNorm1d Bn, Linear Head) TwoGroups()
    {
        manual_seed(0);
        var (body, bn, head) = (nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 3));
        var model = nn.Sequential(("body", body), ("bn", bn), ("head", head));
        var x = randn(64, 4);
        var y = randint(0, 3, [64]);
        var learn = new Learner(DataLoaders.FromTensors(x, y, x, y, 16), model, new CrossEntropyLossFlat(),
            splitter: _ => [[.. body.parameters(), .. bn.parameters()], [.. head.parameters()]]);
        learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        return (learn, body, bn, head);
    }

    [Test]
    public void FreezeTrainsOnlyTheHeadAndTheBatchnormLayers()
    {
        var (learn, body, bn, head) = TwoGroups();
        var (w0, bn0, h0) = (body.weight!.clone(), bn.weight!.clone(), head.weight!.clone());
        learn.Freeze();
        learn.Fit(1, 1e-2);
        Assert.That(body.weight!.allclose(w0, rtol: 0, atol: 0), Is.True, "the frozen body does not move");
        Assert.That(bn.weight!.allclose(bn0), Is.False, "batchnorm stays trainable (TrainBn)");
        Assert.That(head.weight!.allclose(h0), Is.False);
        learn.Unfreeze();
        learn.Fit(1, 1e-2);
        Assert.That(body.weight!.allclose(w0), Is.False);
    }

    [Test]
    public void ASliceSpreadsLearningRatesGeometricallyOverTheGroups()
    {
        var (learn, _, _, _) = TwoGroups();
        learn.Fit(1, new Slice(1e-4, 1e-2));
        Assert.That(learn.Opt!.ParamGroups.Select(g => g["lr"]), Is.EqualTo(new[] { 1e-4, 1e-2 }).Within(1e-15));
        learn.Fit(1, new Slice(1e-3));
        Assert.That(learn.Opt!.ParamGroups.Select(g => g["lr"]), Is.EqualTo(new[] { 1e-4, 1e-3 }).Within(1e-15), "slice(stop) gives stop/10 to earlier groups");
        Assert.That(new Slice(1e-5, 1e-3).Expand(3), Is.EqualTo(new[] { 1e-5, 1e-4, 1e-3 }).Within(1e-15));
    }

    [Test]
    public void FitOneCycleWithASliceSchedulesEachGroupFromItsOwnPeak()
    {
        var (learn, _, _, _) = TwoGroups();
        var peaks = new List<double[]>();
        learn.FitOneCycle(4, new Slice(1e-4, 1e-2), cbs: [new GroupLrProbe(peaks)]);
        var max0 = peaks.Max(p => p[0]);
        var max1 = peaks.Max(p => p[1]);
        Assert.That(max0, Is.EqualTo(1e-4).Within(1e-12));
        Assert.That(max1, Is.EqualTo(1e-2).Within(1e-12));
        Assert.That(peaks[0][1], Is.EqualTo(1e-2 / 25).Within(1e-12));
    }

    private sealed class GroupLrProbe(List<double[]> seen) : Callback
    {
        public override int Order => 70;
        public override void BeforeBatch()
        {
            if (Learn.Training) seen.Add([.. Learn.Opt!.ParamGroups.Select(g => g["lr"])]);
        }
    }
}
