using FastDays.Datasets;
using FastDays.Foundations;
using static TorchSharp.torch;

namespace FastDays.Tests.Foundations;

public sealed class BinaryFashionTaskTests
{
    [Test]
    public void TinySubsetBecomesStandardisedColumnsOfTwoClasses()
    {
        var data = FashionMnist.LoadTiny();
        using var task = BinaryFashionTask.Create(data, 0, 6);
        Assert.That(task.XTrain.shape, Is.EqualTo(new long[] { 784, 500 }));
        Assert.That(task.YTrain.shape, Is.EqualTo(new long[] { 1, 500 }));
        Assert.That(task.XTest.shape, Is.EqualTo(new long[] { 784, 200 }));
        Assert.That(task.YTrain.sum().item<double>(), Is.EqualTo(250), "250 shirts in the embedded training subset");
        Assert.That(task.XTrain.mean().item<double>(), Is.EqualTo(0).Within(1e-9));
        Assert.That(task.XTrain.std().item<double>(), Is.EqualTo(1).Within(1e-9));
        Assert.That(task.Mean, Is.InRange(0.1, 0.6));

        // Column k is the k-th selected image, flattened row by row, standardised with the training statistics.
        var first = Enumerable.Range(0, data.Train.Count).First(i => data.Train.Labels[i] is 0 or 6);
        var column = task.XTrain.select(1, 0).data<double>().ToArray();
        var expected = data.Train.Pixels.AsSpan(first * 784, 784).ToArray().Select(p => (p / 255.0 - task.Mean) / task.Std);
        Assert.That(column, Is.EqualTo(expected).Within(1e-12));
        Assert.That(task.YTrain[0, 0].item<double>(), Is.EqualTo(data.Train.Labels[first] == 6 ? 1 : 0));

        // The test set uses the training mean and std, so its own statistics are near but not exactly 0 and 1.
        var firstTest = Enumerable.Range(0, data.Test.Count).First(i => data.Test.Labels[i] is 0 or 6);
        Assert.That(task.XTest[100, 0].item<double>(), Is.EqualTo((data.Test.Pixels[firstTest * 784 + 100] / 255.0 - task.Mean) / task.Std).Within(1e-12));
        Assert.That(task.Describe(), Does.StartWith("Shirt (y=1) vs T-shirt/top (y=0): 500 train / 200 test"));
    }

    [Test]
    public void Float32IsAvailableAndBadClassesAreRejected()
    {
        var data = FashionMnist.LoadTiny();
        using var task = BinaryFashionTask.Create(data, 2, 4, ScalarType.Float32);
        Assert.That(task.XTrain.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(task.YTrain.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(() => BinaryFashionTask.Create(data, 3, 3), Throws.ArgumentException.With.Message.Contains("differ"));
        Assert.That(() => BinaryFashionTask.Create(data, 0, 10), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("0..9"));
    }
}
