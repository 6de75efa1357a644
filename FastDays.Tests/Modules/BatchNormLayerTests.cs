using FastDays.Modules;
using static TorchSharp.torch;

namespace FastDays.Tests.Modules;

public sealed class BatchNormLayerTests
{
    [TestCase(1, new long[] { 6, 4 })]
    [TestCase(1, new long[] { 6, 4, 5 })]
    [TestCase(2, new long[] { 6, 4, 3, 3 })]
    [TestCase(3, new long[] { 6, 4, 2, 3, 3 })]
    public void MatchesTorchSharpsBatchNormInTrainingAndEval(int ndim, long[] shape)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        TorchSharp.Modules.BatchNorm reference = ndim switch { 1 => nn.BatchNorm1d(4), 2 => nn.BatchNorm2d(4), _ => nn.BatchNorm3d(4) };
        var layer = new BatchNormLayer(4, ndim);
        using (no_grad()) { layer.weight.copy_(rand(4)); layer.bias!.copy_(rand(4)); reference.weight.copy_(layer.weight); reference.bias!.copy_(layer.bias); }
        for (var step = 0; step < 3; step++)
        {
            var x = randn(shape);
            Assert.That(layer.forward(x).allclose(reference.forward(x), rtol: 1e-5, atol: 1e-6), $"training step {step}");
        }
        Assert.That(layer.running_mean!.allclose(reference.running_mean!), "running mean");
        Assert.That(layer.running_var!.allclose(reference.running_var!), "running var");
        Assert.That(layer.num_batches_tracked!.item<long>(), Is.EqualTo(3));
        layer.eval();
        reference.eval();
        var test = randn(shape);
        Assert.That(layer.forward(test).allclose(reference.forward(test), rtol: 1e-5, atol: 1e-6), "eval");
        Assert.That(layer.num_batches_tracked!.item<long>(), Is.EqualTo(3), "eval does not count batches");
        Assert.That(layer.state_dict().Keys, Is.EqualTo(reference.state_dict().Keys), "the same names, so PyTorch state dicts load");
        Assert.That(layer.GetName(), Is.EqualTo($"BatchNorm{ndim}d"));
    }

    [Test]
    public void MomentumNullIsTheCumulativeAverage()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var layer = new BatchNormLayer(3, ndim: 1) { momentum = null };
        var batches = Enumerable.Range(0, 4).Select(_ => randn(8, 3)).ToList();
        foreach (var x in batches) layer.forward(x);
        // PyTorch with momentum=None: the running mean is the plain average of the batch means.
        var expected = stack(batches.Select(x => x.mean([0])).ToArray()).mean([0]);
        Assert.That(layer.running_mean!.allclose(expected, atol: 1e-6), Is.True);
    }

    [Test]
    public void WrongRankIsNamed()
    {
        var layer = new BatchNormLayer(4, ndim: 2);
        using var x = randn(2, 4);
        Assert.That(() => layer.forward(x), Throws.ArgumentException.With.Message.Contains("BatchNorm2d expects 4-d input, got [2, 4]"));
        Assert.That(() => new BatchNormLayer(4, ndim: 4), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
