using FastDays.Collab.Data;
using FastDays.Collab.Learning;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Metrics;
using static TorchSharp.torch;

namespace FastDays.Tests.Collab.Learning;

public sealed class CollabLearnerTests
{
    // 300 users × 200 items with 4 planted factors; 30 % of the pairs rated with noise of std 0.1.
    private static readonly PlantedRatings Planted = new(300, 200, 4, 0.3, 0.1, seed: 1);

    /// <summary>The model's rating of every (user, item) pair, planted truth beside it, over the users and items the training ratings hold.</summary>
    private static (double[] Predicted, double[] Truth) EveryPair(Learner learn, DataLoaders dls)
    {
        var block = dls.CollabBlockOf();
        var pairs = new List<(int U, int I)>();
        for (var u = 0; u < Planted.U.Length; u++)
            for (var i = 0; i < Planted.V.Length; i++)
                if (block.UserCode($"u{u}") > 0 && block.ItemCode($"i{i}") > 0) pairs.Add((u, i));
        using var x = tensor(pairs.SelectMany(p => new[] { block.UserCode($"u{p.U}"), block.ItemCode($"i{p.I}") }).ToArray(), [pairs.Count, 2]);
        learn.Model.eval();
        using var noGrad = no_grad();
        using var y = learn.Model.forward(x);
        return (y.to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray(), [.. pairs.Select(p => Planted.Truth(p.U, p.I))]);
    }

    private static double Correlation(double[] a, double[] b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        var cov = a.Zip(b, (x, y) => (x - ma) * (y - mb)).Sum();
        return cov / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(y => (y - mb) * (y - mb)));
    }

    [Test]
    public void TheDotProductModelRecoversPlantedFactorsAndBeatsEveryBaseline()
    {
        var dls = CollabDataLoaders.FromTable(Planted.Table, validPct: 0.2, seed: 42, bs: 128);
        manual_seed(0);
        var learn = CollabLearners.CollabLearner(dls, nFactors: 4, metrics: [Metric.Rmse()]);
        using var noBar = learn.NoBar();
        learn.FitOneCycle(10, 1e-1, wd: 0);
        var (predicted, truth) = EveryPair(learn, dls);
        var r = Correlation(predicted, truth);
        // Most pairs (70 %) were never rated: the correlation over all of them measures the recovered factors, not memorised ratings.
        Assert.That(r, Is.GreaterThan(0.99), $"correlation of the learned and the planted ratings over {predicted.Length} pairs");
        var rmse = learn.Recorder.Last("rmse");
        var baselines = CollabBaselines.Evaluate(dls);
        Assert.That(baselines.Select(b => b.Name), Is.EqualTo(new[] { "global mean", "user mean", "item mean", "global mean + user and item offsets" }));
        Assert.That(rmse, Is.LessThan(baselines.Min(b => b.Rmse)), $"validation RMSE {rmse:F3} against the baselines " +
            string.Join(", ", baselines.Select(b => $"{b.Name} {b.Rmse:F3}")));
        Assert.That(rmse, Is.LessThan(0.2), "near the planted noise (0.1)");
    }

    [Test]
    public void TheNeuralModelLearnsTooAndTheSameSeedGivesTheSameLosses()
    {
        List<double> Losses()
        {
            // Loaders count their epochs (each shuffles differently): the same run starts from new ones.
            var dls = CollabDataLoaders.FromTable(Planted.Table, validPct: 0.2, seed: 42, bs: 256);
            manual_seed(7);
            var learn = CollabLearners.CollabLearner(dls, useNn: true, layers: [32], yRange: (0, 6));
            using var noBar = learn.NoBar();
            learn.FitOneCycle(3, 1e-2);
            return [.. learn.Recorder.Values.Select(v => v[1])];
        }
        var (a, b) = (Losses(), Losses());
        Assert.That(a, Is.EqualTo(b), "determinism on the CPU");
        Assert.That(a[^1], Is.LessThan(a[0]));
        var global = CollabBaselines.Evaluate(CollabDataLoaders.FromTable(Planted.Table, validPct: 0.2, seed: 42))[0].Rmse;
        Assert.That(Math.Sqrt(a[^1]), Is.LessThan(global), "the neural model beats the global mean");
    }

    [Test]
    public void BaselinesAreTheMeansOfTheTrainingRatings()
    {
        var table = new FastDays.Tabular.Data.Table(["u", "i", "r"],
            [["a", "a", "b", "b", "a", "c"], ["x", "y", "x", "y", "x", "y"], ["1", "3", "2", "4", "5", "2"]], "tiny");
        // Training rows 0..3: global mean 2.5, user a 2, user b 3, item x 1.5, item y 3.5. Validation: (a, x) = 5, (c, y) = 2.
        var dls = CollabDataLoaders.FromTable(table, validIdx: [4, 5]);
        var b = CollabBaselines.Evaluate(dls).ToDictionary(p => p.Name, p => p.Rmse);
        static double Rmse(double e1, double e2) => Math.Sqrt(((e1 * e1) + (e2 * e2)) / 2);
        Assert.That(b["global mean"], Is.EqualTo(Rmse(5 - 2.5, 2 - 2.5)).Within(1e-12));
        Assert.That(b["user mean"], Is.EqualTo(Rmse(5 - 2, 2 - 2.5)).Within(1e-12), "an unseen user gets the global mean");
        Assert.That(b["item mean"], Is.EqualTo(Rmse(5 - 1.5, 2 - 3.5)).Within(1e-12));
        // Offsets: user a −0.5, b +0.5; items after the user offsets: x = mean(1−2.5+0.5, 2−2.5−0.5) = −1, y = mean(3−2.5+0.5, 4−2.5−0.5) = 1.
        Assert.That(b["global mean + user and item offsets"], Is.EqualTo(Rmse(5 - (2.5 - 0.5 - 1), 2 - (2.5 + 1))).Within(1e-12));
    }
}
