using FastDays.Learning;
using FastDays.Metrics;
using FastDays.Tabular.Data;
using FastDays.Tabular.Learning;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Tabular;

[NonParallelizable]
public sealed class TabularLearnerTests
{
    private static Learner Quiet(Learner learn)
    {
        learn.RemoveCbs(learn.Cbs.OfType<FastDays.Callbacks.ProgressCallback>().ToList());
        return learn;
    }

    [Test]
    public void BostonHousingBeatsLeastSquaresOnTheSameSplit()
    {
        manual_seed(42);
        var dls = TabularDataLoaders.FromTable(SklearnData.Boston(), "MEDV", validPct: 0.2, seed: 42, bs: 32);
        Assert.That(dls.Procs.IsRegression, Is.True);
        Assert.That(dls.Procs.CatNames, Is.EqualTo(new[] { "CHAS", "RAD" }));
        var learn = Quiet(TabularLearners.TabularLearner(dls, layers: [200, 100], metrics: [Metric.Rmse(), Metric.R2Score()], yRange: (0, 55)));
        learn.FitOneCycle(30, 1e-2);
        var rmse = learn.Recorder.Last("rmse");
        var ols = LinearBaseline.LeastSquaresRmse(dls.Train, dls.Valid, "MEDV", [.. dls.Train.Names.Where(n => n != "MEDV")]);
        Assert.That(rmse, Is.LessThan(ols), $"tabular learner RMSE {rmse:F3} vs least squares {ols:F3}");
        Assert.That(learn.Recorder.Last("r2_score"), Is.GreaterThan(0.7));
    }

    [Test]
    public void BreastCancerIsClassifiedAccurately()
    {
        manual_seed(42);
        var dls = TabularDataLoaders.FromTable(SklearnData.BreastCancer(), "target", validPct: 0.2, seed: 42, bs: 32);
        Assert.That(dls.Procs.YVocab, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(dls.Procs.CatNames, Is.Empty, "30 measurements: all continuous");
        var learn = Quiet(TabularLearners.TabularLearner(dls, metrics: [Metric.Accuracy(), Metric.F1Score()]));
        learn.FitOneCycle(10, 1e-2);
        Assert.That(learn.Recorder.Last("accuracy"), Is.GreaterThan(0.93));
    }

    [Test]
    public void AnExportPredictsLikeTheLearnerOnUnseenCategoriesAndMissingValues()
    {
        using var dir = new TempDirectory();
        manual_seed(1);
        var table = new Table(["color", "size", "price"],
        [
            [.. Enumerable.Range(0, 60).Select(i => i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : i % 5 == 0 ? null : "blue")],
            [.. Enumerable.Range(0, 60).Select(i => i % 7 == 0 ? null : (i * 0.37 % 5).ToString("R", System.Globalization.CultureInfo.InvariantCulture))],
            [.. Enumerable.Range(0, 60).Select(i => (i % 3 + i * 0.37 % 5).ToString("R", System.Globalization.CultureInfo.InvariantCulture))],
        ], "shop");
        var dls = TabularDataLoaders.FromTable(table, "price", catNames: ["color"], contNames: ["size"], bs: 16);
        Assert.That(dls.Procs.ModelCatNames, Is.EqualTo(new[] { "color", "size_na" }));
        var learn = Quiet(TabularLearners.TabularLearner(dls, layers: [16, 8], path: dir.Path));
        learn.Fit(3, 1e-2);
        var export = learn.ExportTabular(dls.Procs);

        var rows = new Table(["color", "size"], [["purple", null, "red"], ["1.5", "2", null]], "new rows");
        var loaded = TabularInference.Load(export);
        var predicted = loaded.Predict(rows).Select(p => p.Value).ToArray();
        learn.Model.eval();
        var (x, _) = dls.Procs.Process(rows);
        using (x) using (no_grad())
        using (var direct = learn.Model.forward(x))
        {
            Assert.That(predicted, Is.EqualTo(direct.squeeze(1).to_type(ScalarType.Float64).data<double>().ToArray()).Within(1e-6));
            Assert.That(x[0, 0].item<float>(), Is.Zero, "purple was never seen: #na#");
            Assert.That(x[2, 1].item<float>(), Is.EqualTo(2), "a missing size is flagged in size_na (True is class 2)");
        }
        Assert.That(loaded.Predict(new Dictionary<string, string?> { ["color"] = "blue" }).Value, Is.EqualTo(predicted[1]).Within(1e-6).Or.Not.NaN,
            "an absent column counts as missing");
        loaded.Learner.Model.Dispose();
        Assert.That(() => TabularInference.Load(learn.Export(dir.File("plain.fastdays"))),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("not a tabular export"));
    }

    [Test]
    public void PermutationImportanceFindsTheColumnTheTargetDependsOn()
    {
        using var dir = new TempDirectory();
        manual_seed(3);
        var random = new Random(3);
        var (signal, noise) = (new string?[400], new string?[400]);
        var y = new string?[400];
        for (var i = 0; i < 400; i++)
        {
            var (a, b) = (random.NextDouble(), random.NextDouble());
            (signal[i], noise[i], y[i]) = (Num(a), Num(b), Num(3 * a + 0.01 * random.NextDouble()));
        }
        var dls = TabularDataLoaders.FromTable(new Table(["signal", "noise", "y"], [signal, noise, y], "synthetic"), "y", catNames: [],
            contNames: ["signal", "noise"], bs: 32);
        var learn = Quiet(TabularLearners.TabularLearner(dls, layers: [32, 16]));
        learn.FitOneCycle(15, 1e-2);
        var importances = FastDays.Tabular.Interpret.FeatureImportance.Permutation(learn, dls);
        Assert.That(importances[0].Column, Is.EqualTo("signal"));
        Assert.That(importances[0].Importance, Is.GreaterThan(20 * Math.Max(importances[1].Importance, 1e-4)), string.Join(", ", importances));
        var png = FastDays.Tabular.Interpret.FeatureImportance.Plot(importances, dir.File("importance.png"));
        Assert.That(File.ReadAllBytes(png)[1..4], Is.EqualTo("PNG"u8.ToArray()));

        static string Num(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }
}
