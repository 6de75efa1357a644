using FastDays.Learning;
using FastDays.Tests.Support;

namespace FastDays.Tests.Learning;

/// <summary>FitFlatCos and FitSgdr follow fastai's schedules step by step.</summary>
public class FitVariantTests
{
    private static double Cos(double start, double end, double pos) => start + (1 + Math.Cos(Math.PI * (1 - pos))) * (end - start) / 2;

    [Test]
    public void FitFlatCosHoldsTheRateThenAnnealsItFromPctStart()
    {
        var learn = SynthLearner.Create(nTrain: 5);
        learn.FitFlatCos(4, 1e-2);   // 20 steps, flat for the first 75%
        var lrs = learn.Recorder.Lrs;
        Assert.That(lrs.Take(15), Is.All.EqualTo(1e-2).Within(1e-15));
        for (var i = 15; i < 20; i++) Assert.That(lrs[i], Is.EqualTo(Cos(1e-2, 1e-2 / 1e5, (i / 20.0 - 0.75) / 0.25)).Within(1e-15), $"step {i}");
    }

    [Test]
    public void FitSgdrRestartsEachCycleAndDoublesItsLength()
    {
        var learn = SynthLearner.Create(nTrain: 4);
        learn.FitSgdr(3, 1, 1e-2);   // cycles of 1, 2 and 4 epochs: 7 epochs, 28 steps
        var lrs = learn.Recorder.Lrs;
        Assert.That(lrs, Has.Count.EqualTo(28));
        Assert.That(new[] { lrs[0], lrs[4], lrs[12] }, Is.All.EqualTo(1e-2).Within(1e-15), "each cycle restarts at lr_max");
        Assert.That(lrs[3], Is.LessThan(lrs[2]).And.LessThan(2e-3));
        Assert.That(lrs[8], Is.EqualTo(Cos(1e-2, 0, 0.5)).Within(1e-15), "halfway through the 8-step second cycle");
    }

    [Test]
    public void FitSgdrWithASliceRestartsEachGroupAtItsOwnRate()
    {
        var (x, y) = SynthLearner.Synth(64, 0);
        var (first, second) = (TorchSharp.torch.nn.Linear(1, 1), TorchSharp.torch.nn.Linear(1, 1));
        var model = TorchSharp.torch.nn.Sequential(("first", first), ("second", second));
        var learn = new Learner(FastDays.Data.DataLoaders.FromTensors(x.unsqueeze(1), y.unsqueeze(1), x.unsqueeze(1), y.unsqueeze(1), 16), model,
            new FastDays.Losses.MseLossFlat(), FastDays.Optimizers.OptFuncs.Sgd(mom: 0), splitter: _ => [[.. first.parameters()], [.. second.parameters()]]);
        learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        var seen = new List<double[]>();
        learn.FitSgdr(2, 1, new FastDays.Optimizers.Slice(1e-4, 1e-2), cbs: [new GroupLrs(seen)]);   // cycles of 1 and 2 epochs of 4 steps
        Assert.That(seen, Has.Count.EqualTo(12));
        foreach (var step in new[] { 0, 4 }) Assert.That(seen[step], Is.EqualTo(new[] { 1e-4, 1e-2 }).Within(1e-15), $"step {step} restarts each group");
        Assert.That(seen[8][0] / seen[8][1], Is.EqualTo(1e-2).Within(1e-12), "the groups anneal in proportion");
    }

    private sealed class GroupLrs(List<double[]> seen) : FastDays.Learning.Callback
    {
        public override int Order => 70;
        public override void BeforeStep() => seen.Add([.. Learn.Opt!.ParamGroups.Select(g => g["lr"])]);
    }
}
