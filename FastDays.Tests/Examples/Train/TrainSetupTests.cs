using FastDays.Data;
using FastDays.Datasets;
using FastDays.Examples.Train;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Examples.Train;

/// <summary>The train command's learner: its augmentation pipeline in the order that keeps the images' background.</summary>
public sealed class TrainSetupTests
{
    [Test]
    public void RandomCropsPadWithTheBlackBackgroundNotTheMeanGrey()
    {
        // Cropping after Normalize padded with normalised zero, the training set's mean grey: a border no test image has.
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var learn = new TrainSetup { CropPadding = 2, Flip = false, Path = dir.File("run") }
            .CreateLearner(FashionMnist.LoadTiny(), CPU);
        var batch = new Batch(zeros([16, 1, 28, 28]), zeros(16, dtype: ScalarType.Int64));
        foreach (var transform in learn.Dls.Train.BatchTransforms) batch = transform.Apply(batch, training: true);
        var values = batch.X.unique().Item1.data<float>().ToArray();
        Assert.That(values, Has.Length.EqualTo(1), $"black images stay one colour after crop and normalisation, got {string.Join(", ", values)}");
        Assert.That(values[0], Is.LessThan(-0.5f), "normalised black is below the mean");
    }
}
