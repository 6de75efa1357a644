using System.Text.Json;
using FastDays.Examples.Tabular;
using FastDays.Tabular.Data;
using FastDays.Tabular.Interpret;
using FastDays.Tabular.Learning;

namespace FastDays.Examples.Commands;

/// <summary>Chapter 9 on real tables: Boston housing (regression) and breast cancer (classification), each against least squares, logistic
/// regression and random forests on the same split.</summary>
internal sealed class TabularCommand : ExampleCommand<TabularOptions>
{
    /// <inheritdoc />
    public override string Name => "tabular";

    /// <inheritdoc />
    public override string Summary => "Tabular learners on Boston housing and breast cancer, against scikit-learn's baselines on the same split";

    /// <inheritdoc />
    public override int Run(TabularOptions o)
    {
        // 1. Boston housing: 506 districts, the median home value (MEDV, $1000s) from 13 measurements.
        var boston = SklearnTables.Boston(o.Data);
        Console.WriteLine($"Boston housing: {boston.RowCount} rows, columns {string.Join(", ", boston.Names)}");
        Console.WriteLine($"dropping B: {SklearnTables.WhyNoB}");
        var dls = TabularDataLoaders.FromTable(boston, "MEDV", validPct: o.ValidPct, seed: o.Seed, bs: o.Bs);
        Describe(dls);
        manual_seed(o.Seed);
        var learn = TabularLearners.TabularLearner(dls, layers: [200, 100], metrics: [Metric.Rmse(), Metric.Mae(), Metric.R2Score()], yRange: (0, 55),
            path: Path.Combine(o.Out, "boston"));
        Console.WriteLine($"LrFind: {learn.LrFind()}");
        learn.FitOneCycle(o.Epochs, o.Lr);
        var rmse = learn.Recorder.Last("rmse");
        var features = boston.Names.Where(n => n != "MEDV").ToList();
        var ols = LinearBaseline.LeastSquaresRmse(dls.Train, dls.Valid, "MEDV", features);
        var table = new List<(string, string, double)> { ("tabular learner (FastDays)", "rmse", rmse), ("least squares (FastDays, lstsq)", "rmse", ols) };
        table.AddRange(Sklearn(dls, features, "MEDV", "regression", Path.Combine(o.Out, "boston")));
        Report("Boston housing, validation RMSE ($1000s, lower is better)", table);
        Importance(learn, dls, Path.Combine(o.Out, "boston", "importance.png"));
        var export = learn.ExportTabular(dls.Procs);
        var inference = TabularInference.Load(export);
        var row = dls.Valid.Row(0);
        Console.WriteLine($"export: {export}; its prediction for the first validation row: {inference.Predict(row).Value:F2} (actual {row["MEDV"]})");
        inference.Learner.Model.Dispose();

        // 2. Breast cancer: 569 tumours, malignant (0) or benign (1) from 30 measurements of their cell nuclei.
        var cancer = SklearnTables.BreastCancer(o.Data);
        Console.WriteLine($"\nbreast cancer: {cancer.RowCount} rows, {cancer.Names.Count - 1} measurements, target 0 = malignant, 1 = benign");
        var cdls = TabularDataLoaders.FromTable(cancer, "target", validPct: o.ValidPct, seed: o.Seed, bs: o.Bs);
        Describe(cdls);
        manual_seed(o.Seed);
        var clearn = TabularLearners.TabularLearner(cdls, metrics: [Metric.Accuracy(), Metric.F1Score()], path: Path.Combine(o.Out, "cancer"));
        clearn.FitOneCycle(Math.Max(1, o.Epochs / 3), o.Lr);
        var ctable = new List<(string, string, double)> { ("tabular learner (FastDays)", "accuracy", clearn.Recorder.Last("accuracy")) };
        ctable.AddRange(Sklearn(cdls, SklearnTables.BreastCancerFeatures, "target", "classification", Path.Combine(o.Out, "cancer")));
        Report("breast cancer, validation accuracy (higher is better)", ctable);
        Importance(clearn, cdls, Path.Combine(o.Out, "cancer", "importance.png"), top: 10);
        return 0;
    }

    private static void Describe(TabularDataLoaders dls)
    {
        var p = dls.Procs;
        Console.WriteLine($"{dls.Train.RowCount} training / {dls.Valid.RowCount} validation rows; " +
            $"{(p.IsRegression ? "regression" : $"classes {string.Join(", ", p.YVocab!)}")}");
        Console.WriteLine("categorical: " +
            $"{(p.ModelCatNames.Count == 0 ? "none" : string.Join(", ", p.ModelCatNames.Zip(p.Cardinalities, (n, c) => $"{n} ({c} classes)")))}");
        Console.WriteLine($"continuous: {string.Join(", ", p.ContNames)}");
    }

    private static void Importance(Learner learn, TabularDataLoaders dls, string png, int top = 20)
    {
        var importances = FeatureImportance.Permutation(learn, dls).Take(top).ToList();
        Console.WriteLine($"permutation importance (validation loss increase), top {importances.Count}:\n{FeatureImportance.Text(importances)}");
        Console.WriteLine($"plot: {FeatureImportance.Plot(importances, png)}");
    }

    private static void Report(string title, List<(string Model, string Metric, double Value)> rows)
    {
        Console.WriteLine($"\n{title}, same split:");
        foreach (var (model, metric, value) in rows) Console.WriteLine($"  {model,-36} {metric,-9} {value:F4}");
    }

    // scikit-learn on the same rows: the split is written as two CSV files (features, then the target) that the script reads.
    private static List<(string, string, double)> Sklearn(TabularDataLoaders dls, IReadOnlyList<string> features, string y, string task, string folder)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "tabular_baselines.py");
        var (train, valid) = (Path.Combine(folder, "split_train.csv"), Path.Combine(folder, "split_valid.csv"));
        WriteCsv(dls.Train, [.. features, y], train);
        WriteCsv(dls.Valid, [.. features, y], valid);
        if (!DebianPython.Exists || !File.Exists(script))
        {
            Console.WriteLine("scikit-learn baselines skipped: /usr/bin/python3 with python3-sklearn is needed");
            return [];
        }
        var (code, output, error) = DebianPython.Run(script, train, valid, task);
        if (code != 0)
        {
            Console.WriteLine($"scikit-learn baselines failed: {error.Trim().Split('\n')[^1]}");
            return [];
        }
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var r = json.RootElement;
            return ($"{r.GetProperty("model").GetString()} (scikit-learn)", r.GetProperty("metric").GetString()!, r.GetProperty("value").GetDouble());
        })];
    }

    private static void WriteCsv(Table table, IReadOnlyList<string> columns, string path) =>
        FastDays.Persistence.AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.WriteLine(string.Join(',', columns.Select(c => c.Replace(',', ' '))));
            for (var i = 0; i < table.RowCount; i++) writer.WriteLine(string.Join(',', columns.Select(c => table[c][i] ?? "")));
        });
}
