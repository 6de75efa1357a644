using FastDays.Data;
using FastDays.Interpret;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Interpret;

public class ClassificationInterpretationTests
{
    [Test]
    public void ConfusionMatrixMostConfusedAndTopLossesFollowThePredictions()
    {
        // Logits that predict: items 0-3 right (class 0,1,2,0), item 4 (actual 1) → 2, items 5,6 (actual 2) → 0, item 7 (actual 0) → 2.
        float[,] logits = { { 5, 0, 0 }, { 0, 5, 0 }, { 0, 0, 5 }, { 5, 0, 0 }, { 0, 1, 4 }, { 3, 0, 1 }, { 9, 0, 0 }, { 0, 0, 2 } };
        long[] labels = [0, 1, 2, 0, 1, 2, 2, 0];
        var x = tensor(logits);
        var y = tensor(labels);
        var learn = new Learner(DataLoaders.FromTensors(x, y, x, y, 3, vocab: ["a", "b", "c"]), nn.Identity(), new CrossEntropyLossFlat());
        learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        var interp = ClassificationInterpretation.FromLearner(learn);

        Assert.That(interp.ConfusionMatrix(), Is.EqualTo(new long[,] { { 2, 0, 1 }, { 0, 1, 1 }, { 2, 0, 1 } }));
        Assert.That(interp.MostConfused(), Is.EqualTo(new[] { ("c", "a", 2L), ("a", "c", 1L), ("b", "c", 1L) }));
        var expectedLoss = nn.functional.cross_entropy(x, y, reduction: nn.Reduction.None).data<float>().ToArray();
        Assert.That(interp.Losses, Is.EqualTo(expectedLoss.Select(l => (double)l)).Within(1e-6));
        Assert.That(interp.TopLosses(2).Select(t => t.Index), Is.EqualTo(new[] { 6, 4 }), "9 vs 0 for a true class c is the worst, then 1 vs 4");
        Assert.That(interp.ConfusionMatrixText(), Does.Contain("actual").And.Contain("a").And.Contain("c"));
        using var dir = new TempDirectory();
        var png = interp.PlotConfusionMatrix(dir.File("cm.png"));
        Assert.That(File.ReadAllBytes(png)[1..4], Is.EqualTo("PNG"u8.ToArray()));
    }
}
