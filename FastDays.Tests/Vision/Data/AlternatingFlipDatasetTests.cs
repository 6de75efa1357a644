using FastDays.Data;
using FastDays.Vision.Data;
using static TorchSharp.torch;

namespace FastDays.Tests.Vision.Data;

/// <summary>Alternating flips through a shuffling loader: each image mirrored in exactly one epoch of every pair, about half of them in each.</summary>
public sealed class AlternatingFlipDatasetTests
{
    [Test]
    public void EveryImageIsMirroredInOneEpochOfEachPair()
    {
        const int n = 400;
        // Image i is a row of three pixels [i + 1, 0, 0]: mirrored it reads [0, 0, i + 1]; its label says which image it is.
        using var x = zeros(n, 1, 1, 3);
        using (no_grad()) x[TensorIndex.Ellipsis, 0] = arange(1, n + 1, dtype: ScalarType.Float32).reshape(n, 1, 1);
        using var y = arange(n);
        var dataset = new AlternatingFlipDataset(new TensorPairDataset(x, y), seed: 7);
        var dl = new TfmdDL(dataset, new DataLoaderOptions { BatchSize = 64, Shuffle = true, Seed = 1, Training = true }, []);
        var mirrored = new List<bool[]>();
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var seen = new bool?[n];
            foreach (var batch in dl)
                using (batch)
                {
                    var images = batch.Parts[0].reshape(-1, 3).data<float>().ToArray();
                    var labels = batch.Parts[1].data<long>().ToArray();
                    for (var k = 0; k < labels.Length; k++)
                    {
                        var (first, last) = (images[3 * k], images[3 * k + 2]);
                        Assert.That(first + last, Is.EqualTo(labels[k] + 1), $"image {labels[k]} in epoch {epoch}");
                        seen[labels[k]] = last > 0;
                    }
                }
            Assert.That(seen, Has.All.Not.Null, $"every image once in epoch {epoch}");
            mirrored.Add([.. seen.Select(s => s!.Value)]);
            Assert.That(mirrored[epoch].Count(m => m), Is.InRange(n * 0.4, n * 0.6), $"about half mirrored in epoch {epoch}");
            Assert.That(mirrored[epoch].Select((m, i) => m == dataset.Mirrored(i, epoch)), Has.All.True);
        }
        Assert.That(mirrored[0].Zip(mirrored[1], (a, b) => a != b), Has.All.True, "epoch 1 mirrors exactly those epoch 0 did not");
        Assert.That(mirrored[2], Is.EqualTo(mirrored[0]), "and epoch 2 those of epoch 0 again");
    }
}
