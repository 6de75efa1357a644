using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Learning;

/// <summary>Bad input stops at once with a message naming the culprit.</summary>
public class BadInputTests
{
    private static Learner Classifier(Tensor x, Tensor y, int bs = 8)
    {
        var learn = new Learner(DataLoaders.FromTensors(x, y, x, y, bs), nn.Linear(4, 3), new CrossEntropyLossFlat());
        learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        return learn;
    }

    [Test]
    public void ALabelOutOfRangeNamesTheLabelTheBatchAndTheShapes()
    {
        var y = zeros(24, dtype: ScalarType.Int64);
        y[13] = tensor(7L);
        var e = Assert.Throws<InvalidOperationException>(() => Classifier(randn(24, 4), y).Fit(1));
        Assert.That(e!.Message, Does.Match(@"training batch \d of epoch 0").And.Contain("label 7").And.Contain("[8, 3]"));
    }

    [Test]
    public void OutputAndTargetShapesThatDoNotFitTheLossAreNamed()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Classifier(randn(24, 4), zeros(24, 2, dtype: ScalarType.Int64)).Fit(1));
        Assert.That(e!.Message, Does.Contain("targets [8, 2]").And.Contain("outputs [8, 3]"));
    }

    [Test]
    public void AnEmptyDatasetOrABatchSizeOfZeroIsRefused()
    {
        var empty = Assert.Throws<ArgumentException>(() => new TfmdDL(new TensorPairDataset(zeros(0, 4), zeros(0))));
        Assert.That(empty!.Message, Does.Contain("empty"));
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new TfmdDL(new TensorPairDataset(zeros(4, 4), zeros(4)), new DataLoaderOptions { BatchSize = 0 }));
        Assert.That(zero!.Message, Does.Contain("batch size"));
    }

    [TestCase(double.NaN)]
    [TestCase(-1e-3)]
    [TestCase(0.0)]
    public void ANegativeZeroOrNaNLearningRateIsRefusedBeforeTraining(double lr)
    {
        var learn = SynthLearner.Create();
        var weights = learn.Model.parameters().Select(p => p.detach().clone()).ToList();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => learn.Fit(1, lr));
        Assert.That(e!.Message, Does.Contain("learning rate"));
        Assert.That(learn.Recorder.Losses, Is.Empty, "no batch ran");
        Assert.That(learn.Model.parameters().Zip(weights, (p, w) => p.allclose(w)).All(b => b));
        Assert.Throws<ArgumentOutOfRangeException>(() => learn.FitOneCycle(1, lr));
    }
}
