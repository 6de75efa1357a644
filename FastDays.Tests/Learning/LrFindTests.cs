using FastDays.Learning;
using FastDays.Tests.Support;

namespace FastDays.Tests.Learning;

public class LrFindTests
{
    [Test]
    public void TheSweepIsExponentialStopsOnDivergenceAndPutsTheWeightsBack()
    {
        var learn = SynthLearner.Create(nTrain: 20);
        learn.Fit(1, 1e-2);
        var weights = learn.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var opt = learn.Opt;

        var s = learn.LrFind(suggestFuncs: [SuggestionMethod.Valley, SuggestionMethod.Slide, SuggestionMethod.Minimum, SuggestionMethod.Steep]);

        foreach (var (k, w) in learn.Model.state_dict()) Assert.That(w.allclose(weights[k], rtol: 0, atol: 0), Is.True, k);
        Assert.That(learn.Opt, Is.SameAs(opt), "the optimizer of the previous fits is kept");
        var lrs = learn.Recorder.Lrs;
        Assert.That(lrs[0], Is.EqualTo(1e-7).Within(1e-12));
        for (var i = 2; i < lrs.Count; i++) Assert.That(lrs[i] / lrs[i - 1], Is.EqualTo(lrs[1] / lrs[0]).Within(1e-9), "a constant ratio per batch");
        Assert.That(lrs, Has.Count.LessThan(100), "SGD on this problem diverges before lr 10, which ends the sweep early");
        Assert.That(learn.Recorder.Losses[^1], Is.GreaterThan(4 * learn.Recorder.Losses.Min()));
        Assert.That(s.Lrs.Keys, Is.EquivalentTo(Enum.GetValues<SuggestionMethod>()));
        foreach (var (method, lr) in s.Lrs) Assert.That(lr, Is.InRange(1e-7, 10), method.ToString());
        Assert.That(s[SuggestionMethod.Minimum], Is.EqualTo(s.Points[SuggestionMethod.Minimum].Lr / 10).Within(1e-15));
        Assert.That(s.Valley, Is.EqualTo(s[SuggestionMethod.Valley]));
        Assert.That(s.ToString(), Does.StartWith("valley="));
    }

    [Test]
    public void TheSweepSkipsValidation()
    {
        // 3 batches an epoch, so the sweep of 10 iterations crosses epoch ends, where LrFinder cancels validation.
        var rec = new RecordingCallback();
        var learn = SynthLearner.Create(nTrain: 3, nValid: 2, cbs: [rec]);
        learn.LrFind(numIt: 10, stopDiv: false);
        Assert.That(rec.Events.Count(e => e == Event.AfterCancelValidate), Is.EqualTo(3), "one cancelled validation per finished epoch");
        Assert.That(rec.Events.Count(e => e == Event.AfterLoss), Is.EqualTo(10), "the 10 training batches and no validation batch");
    }

    [Test]
    public void ValleyPicksTwoThirdsDownTheLongestDecrease()
    {
        double[] lrs = [.. Enumerable.Range(0, 20).Select(i => Math.Pow(10, -6 + i * 0.3))];
        double[] losses = [3, 3, 3, 2.9, 2.7, 2.4, 2.0, 1.6, 1.3, 1.1, 1.0, 0.95, 1.2, 2, 3, 4, 5, 6, 7, 8];
        var (lr, _) = SuggestionMethods.Valley(lrs, losses, 100);
        // The longest decreasing run spans indices 2..11 (lds 10, start = 11 - 10 = 1), so idx = 1 + 3 + 1 = 5.
        Assert.That(lr, Is.EqualTo(lrs[5]));
        Assert.That(SuggestionMethods.Minimum(lrs, losses, 100).Item1, Is.EqualTo(lrs[11] / 10));
    }

    [Test]
    public void ValleyOnAShortSweepStaysInsideTheCurve()
    {
        double[] lrs = [1e-5, 1e-4, 1e-3, 1e-2];
        double[] losses = [2.0, 1.5, 1.6, 3.0];   // the longest fall is the first two points: fastai's start index is −1 here
        Assert.That(SuggestionMethods.Valley(lrs, losses, 10).Item1, Is.EqualTo(1e-5));
    }

    [Test]
    public void SuggestionMethodsReadFastaiNamesAndNameTheChoicesWhenWrong()
    {
        Assert.That(SuggestionMethods.Parse("Slide"), Is.EqualTo(SuggestionMethod.Slide));
        Assert.That(SuggestionMethods.Name(SuggestionMethod.Steep), Is.EqualTo("steep"));
        var e = Assert.Throws<ArgumentException>(() => SuggestionMethods.Parse("1"));
        Assert.That(e!.Message, Does.Contain("'1'").And.Contain("valley, slide, minimum, steep"));
    }

    [Test]
    public void SummaryListsLayersOutputShapesAndParameterCounts()
    {
        var x = TorchSharp.torch.randn(32, 1);
        var dls = FastDays.Data.DataLoaders.FromTensors(x, x, x, x, batchSize: 16);
        var cnn = new FastDays.Learning.Learner(dls,
            TorchSharp.torch.nn.Sequential(("lin", TorchSharp.torch.nn.Linear(1, 5)), ("act", TorchSharp.torch.nn.ReLU()),
                ("out", TorchSharp.torch.nn.Linear(5, 1))),
            new FastDays.Losses.MseLossFlat());
        var text = cnn.Summary();
        Assert.That(text, Does.Contain("lin").And.Contain("[16, 5]").And.Contain("out").And.Contain("[16, 1]"));
        Assert.That(text, Does.Contain("Total params: 16"));
    }
}
