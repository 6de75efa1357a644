using System.Globalization;
using FastDays.Tabular.Data;
using FastDays.Tests.Tabular;
using FastDays.Trees;
using static TorchSharp.torch;

namespace FastDays.Tests.Trees;

public sealed class TabularForestsTests
{
    // y = 3 when x > 0.5, plus a category's effect (0, 1 or 2) and a little noise; two continuous columns of pure noise beside them.
    private static Table Planted(int n, int seed, Func<int, double>? drift = null)
    {
        var rng = new Random(seed);
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var rows = Enumerable.Range(0, n).Select(i =>
        {
            var (x, c) = (rng.NextDouble(), rng.Next(3));
            var y = (x > 0.5 ? 3 : 0) + c + 0.1 * (rng.NextDouble() - 0.5);
            return (x: F(x), c: $"k{c}", a: F(rng.NextDouble()), b: F(rng.NextDouble()), d: F((drift?.Invoke(i) ?? 0) + rng.NextDouble()), y: F(y));
        }).ToList();
        return new Table(["x", "c", "noise_a", "noise_b", "drift", "y"], [[.. rows.Select(r => r.x)], [.. rows.Select(r => r.c)],
            [.. rows.Select(r => r.a)], [.. rows.Select(r => r.b)], [.. rows.Select(r => r.d)], [.. rows.Select(r => r.y)]], "planted");
    }

    [Test]
    public void AForestLearnsThePlantedStepAndRanksItsColumnsFirst()
    {
        var dls = TabularDataLoaders.FromTable(Planted(1500, 0), "y", catNames: ["c"], contNames: ["x", "noise_a", "noise_b", "drift"]);
        var forest = dls.RandomForest();
        var (metric, rmse) = forest.Evaluate(dls.Valid);
        var std = Math.Sqrt(dls.Valid["y"].Select(v => double.Parse(v!, CultureInfo.InvariantCulture)).ToArray() is var ys
            ? ys.Average(v => (v - ys.Average()) * (v - ys.Average())) : 0);
        TestContext.Out.WriteLine($"forest {metric} {rmse:F4}; predicting the mean {std:F4}");
        Assert.That(metric, Is.EqualTo("rmse"));
        Assert.That(rmse, Is.LessThan(0.25 * std), "the step and the category explain almost everything");
        var importance = forest.FeatureImportance();
        Assert.That(importance.Take(2).Select(p => p.Name), Is.EquivalentTo(new[] { "x", "c" }));
        Assert.That(importance.Sum(p => p.Importance), Is.EqualTo(1).Within(1e-9));
        Assert.That(importance.Where(p => p.Name.StartsWith("noise", StringComparison.Ordinal)).Max(p => p.Importance), Is.LessThan(0.05));
        var tree = dls.DecisionTree(maxLeaves: 16, minSamplesLeaf: 5);
        var treeRmse = tree.Evaluate(dls.Valid).Value;
        TestContext.Out.WriteLine($"one tree of 16 leaves: rmse {treeRmse:F4}");
        Assert.That(treeRmse, Is.LessThan(0.5 * std));
    }

    [Test]
    public void TheSameSeedGrowsTheSameForest()
    {
        var dls = TabularDataLoaders.FromTable(Planted(600, 1), "y", catNames: ["c"], contNames: ["x", "noise_a", "noise_b", "drift"]);
        var (a, b) = (dls.RandomForest(new ForestOptions { Seed = 3 }), dls.RandomForest(new ForestOptions { Seed = 3 }));
        var other = dls.RandomForest(new ForestOptions { Seed = 4 });
        Assert.That(a.Predict(dls.Valid), Is.EqualTo(b.Predict(dls.Valid)));
        Assert.That(a.FeatureImportance(), Is.EqualTo(b.FeatureImportance()));
        Assert.That(other.Predict(dls.Valid), Is.Not.EqualTo(a.Predict(dls.Valid)), "another seed, another forest");
    }

    [Test]
    public void TheOutOfDomainForestFindsTheColumnPlantedToDifferBetweenTheSplits()
    {
        // The last fifth of the rows is the validation set, and only "drift" moves there (by half its range), as a sale date would.
        const int n = 1000;
        var validIdx = Enumerable.Range(n * 4 / 5, n / 5).ToList();
        var table = Planted(n, 2, drift: i => i >= n * 4 / 5 ? 0.5 : 0);
        var dls = TabularDataLoaders.FromTable(table, "y", catNames: ["c"], contNames: ["x", "noise_a", "noise_b", "drift"], validIdx: validIdx);
        var (importance, accuracy) = dls.OutOfDomain();
        TestContext.Out.WriteLine(string.Join(", ", importance.Select(p => $"{p.Name} {p.Importance:F3}")) + $"; accuracy {accuracy:F3}");
        Assert.That(importance[0].Name, Is.EqualTo("drift"));
        Assert.That(importance[0].Importance, Is.GreaterThan(2 * importance[1].Importance), "drift stands out");
        Assert.That(accuracy, Is.GreaterThan(0.85), "the forest tells most rows' split");
        var shuffled = TabularDataLoaders.FromTable(Planted(n, 2), "y", catNames: ["c"], contNames: ["x", "noise_a", "noise_b", "drift"],
            validIdx: validIdx).OutOfDomain();
        TestContext.Out.WriteLine($"without the drift: accuracy {shuffled.Accuracy:F3}, top {shuffled.Importance[0].Name}");
        Assert.That(shuffled.Importance[0].Importance, Is.LessThan(importance[0].Importance), "no column stands out when nothing moved");
    }

    [Test]
    public void TwoClassesAreClassifiedAndMoreAreRefusedByName()
    {
        var cancer = SklearnData.BreastCancer();
        var dls = TabularDataLoaders.FromTable(cancer, "target", seed: 42);
        var (metric, accuracy) = dls.RandomForest().Evaluate(dls.Valid);
        TestContext.Out.WriteLine($"breast cancer: {metric} {accuracy:F4}");
        Assert.That((metric, accuracy), Is.EqualTo(("accuracy", accuracy)));
        Assert.That(accuracy, Is.GreaterThan(0.9));
        var three = new Table(["x", "y"], [[.. Enumerable.Range(0, 30).Select(i => $"{i}.5")], [.. Enumerable.Range(0, 30).Select(i => $"c{i % 3}")]]);
        var tdls = TabularDataLoaders.FromTable(three, "y", contNames: ["x"], catNames: []);
        Assert.That(() => tdls.RandomForest(), Throws.ArgumentException.With.Message.Contains("'y' has 3"));
        Assert.That(() => tdls.RandomForest(new ForestOptions { Trees = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void AForestReadsTheLearnersEmbeddingsInPlaceOfTheCodes()
    {
        var dls = TabularDataLoaders.FromTable(Planted(1500, 5), "y", catNames: ["c"], contNames: ["x", "noise_a", "noise_b", "drift"], bs: 64);
        manual_seed(0);
        var learn = FastDays.Tabular.Learning.TabularLearners.TabularLearner(dls, layers: [20]);
        learn.Fit(2, 1e-2);
        var model = (FastDays.Tabular.Models.TabularModel)learn.Model;
        var forest = dls.RandomForest(model);
        var std = Math.Sqrt(dls.Valid["y"].Select(v => double.Parse(v!, CultureInfo.InvariantCulture)).ToArray() is var ys
            ? ys.Average(v => (v - ys.Average()) * (v - ys.Average())) : 0);
        var rmse = forest.Evaluate(dls.Valid).Value;
        TestContext.Out.WriteLine($"forest on embeddings: rmse {rmse:F4} (std {std:F4}); " +
            string.Join(", ", forest.FeatureImportance().Select(p => $"{p.Name} {p.Importance:F3}")));
        Assert.That(rmse, Is.LessThan(0.25 * std));
        Assert.That(forest.FeatureImportance().Select(p => p.Name), Is.EquivalentTo(new[] { "c", "x", "noise_a", "noise_b", "drift" }),
            "a vector's components count as its column");
        Assert.That(forest.FeatureImportance().Take(2).Select(p => p.Name), Is.EquivalentTo(new[] { "x", "c" }));
        using var other = new FastDays.Tabular.Models.TabularModel([(4, 3), (2, 1)], 4, 1, [10]);
        Assert.That(() => dls.RandomForest(other), Throws.ArgumentException.With.Message.Contains("2 embeddings for 1 categorical"));
    }
}
