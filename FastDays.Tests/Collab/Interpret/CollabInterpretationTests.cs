using FastDays.Collab.Data;
using FastDays.Collab.Interpret;
using FastDays.Collab.Learning;
using FastDays.Tabular.Data;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Collab.Interpret;

public sealed class CollabInterpretationTests
{
    // Items whose factors are set by hand: b is a, scaled (cosine 1); c points the other way; d is at right angles; e's bias is the lowest.
    private static (FastDays.Learning.Learner Learn, CollabInterpretation Interp) Made()
    {
        string[] users = ["1", "2", "3"];
        string[] items = ["a", "b", "c", "d", "e"];
        var rows = users.SelectMany(u => items.Select(i => (u, i))).ToList();
        var table = new Table(["user", "item", "rating"], [[.. rows.Select(r => r.u)], [.. rows.Select(r => r.i)], [.. rows.Select(_ => "3")]]);
        var dls = CollabDataLoaders.FromTable(table, validIdx: [0]);
        var learn = CollabLearners.DotProductBiasLearner(dls, nFactors: 2);
        var p = learn.Model.named_parameters().ToDictionary(q => q.name, q => q.parameter);
        using (no_grad())
        {
            using var f = tensor(new float[] { 0, 0, 1, 2, 2, 4, -1, -2, 2, -1, 0.5f, 0.1f }, [6, 2]);
            p["item_factors"].copy_(f);
            using var bias = tensor(new float[] { 0, 0.2f, 0.1f, 0.3f, 0, -0.5f });
            p["item_bias"].copy_(bias);
        }
        return (learn, new CollabInterpretation(learn));
    }

    [Test]
    public void BiasesAreRankedAndLookedUpByName()
    {
        var (_, interp) = Made();
        Assert.That(interp.Biases().Select(b => b.Name), Is.EqualTo(new[] { "e", "d", "b", "a", "c" }), "lowest first, #na# left out");
        using var bias = interp.Bias(["c", "a"]);
        Assert.That(bias.data<float>().ToArray(), Is.EqualTo(new[] { 0.3f, 0.2f }));
        using var w = interp.Weight(["b"]);
        Assert.That(w.data<float>().ToArray(), Is.EqualTo(new[] { 2f, 4f }));
        Assert.That(() => interp.Bias(["zz"]), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("item 'zz' is not in the training ratings"));
    }

    [Test]
    public void TheMostSimilarItemIsTheOneWhoseFactorsPointTheSameWay()
    {
        var (_, interp) = Made();
        var similar = interp.MostSimilar("a", 4);
        Assert.That(similar.Select(s => s.Name), Is.EqualTo(new[] { "b", "e", "d", "c" }));
        Assert.That(similar[0].Similarity, Is.EqualTo(1).Within(1e-9));
        Assert.That(similar[2].Similarity, Is.EqualTo(0).Within(1e-9));
        Assert.That(similar[3].Similarity, Is.EqualTo(-1).Within(1e-9));
    }

    [Test]
    public void PcaFindsTheLineTheFactorsLieOnAndThePlotIsWritten()
    {
        var (_, interp) = Made();
        // a, b and c lie on one line through the origin: one component holds all their spread.
        using var pca = interp.Pca(["a", "b", "c"], k: 2);
        var x = pca.data<double>().ToArray();
        Assert.That(new[] { x[1], x[3], x[5] }, Is.All.EqualTo(0).Within(1e-6), "nothing left for the second component");
        Assert.That(Math.Abs(x[2] - x[0]), Is.EqualTo(Math.Sqrt(5)).Within(1e-6), "distances along the line are kept");
        using var dir = new TempDirectory();
        var plot = interp.PlotPca(dir.File("pca.png"), ["a", "b", "c", "d"], xComponent: 0, yComponent: 1);
        Assert.That(plot.Points.Select(p => p.Label), Is.EqualTo(new[] { "a", "b", "c", "d" }));
        Assert.That(File.ReadAllBytes(dir.File("pca.png"))[1..4], Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(interp.MostRated().Select(r => r.Ratings), Is.EqualTo(new[] { 3, 3, 3, 3, 2 }), "item a lost its first rating to validation");
    }
}
