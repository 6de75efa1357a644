using System.Text.Json;
using FastDays.Examples.Tabular;
using FastDays.Tabular.Data;
using FastDays.Tabular.Interpret;
using FastDays.Tabular.Learning;
using FastDays.Tabular.Models;
using FastDays.Trees;

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
        string[] known = ["boston", "cancer", "ames", "diamonds"];
        if (o.Tables.FirstOrDefault(t => !known.Contains(t)) is { } unknown)
            throw new ArgumentException($"--tables: no table '{unknown}' (the tables are {string.Join(", ", known)})");
        if (o.Tables.Contains("boston")) BostonHousing(o);
        if (o.Tables.Contains("cancer")) BreastCancer(o);
        // The larger tables come from Debian's R packages: without them, they are skipped with the command that installs them.
        if (o.Tables.Contains("ames"))
            FromR("ames", () => DebianTables.Ames(Path.Combine(o.Out, "data")), table => LargerTable(o, "ames",
                "Ames housing (modeldata), a time split: the 2010 sales are the validation set", table, "Log_Sale_Price",
                t => [.. Enumerable.Range(0, t.RowCount).Where(i => t["Year_Sold"][i] == "2010")], bs: 64, epochs: o.Epochs));
        if (o.Tables.Contains("diamonds"))
            FromR("diamonds", () => DebianTables.Diamonds(Path.Combine(o.Out, "data")), table => LargerTable(o, "diamonds",
                "diamonds (ggplot2), a random fifth held out", table, "log_price", validIdx: null, bs: 512, epochs: Math.Max(1, o.Epochs / 3)));
        return 0;
    }

    private static void FromR(string name, Func<Table> read, Action<Table> run)
    {
        Table table;
        try { table = read(); }
        catch (IOException e)
        {
            Console.WriteLine($"\n{name} skipped: {e.Message}");
            return;
        }
        run(table);
    }

    private static void BostonHousing(TabularOptions o)
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
        table.AddRange(Trees(dls, o.Seed).Rows);
        table.AddRange(Sklearn(dls, features, "MEDV", "regression", Path.Combine(o.Out, "boston")));
        Report("Boston housing, validation RMSE ($1000s, lower is better)", table);
        Importance(learn, dls, Path.Combine(o.Out, "boston", "importance.png"));
        var export = learn.ExportTabular(dls.Procs);
        var inference = TabularInference.Load(export);
        var row = dls.Valid.Row(0);
        Console.WriteLine($"export: {export}; its prediction for the first validation row: {inference.Predict(row).Value:F2} (actual {row["MEDV"]})");
        inference.Learner.Model.Dispose();
    }

    private static void BreastCancer(TabularOptions o)
    {
        // 2. Breast cancer: 569 tumours, malignant (0) or benign (1) from 30 measurements of their cell nuclei.
        var cancer = SklearnTables.BreastCancer(o.Data);
        Console.WriteLine($"\nbreast cancer: {cancer.RowCount} rows, {cancer.Names.Count - 1} measurements, target 0 = malignant, 1 = benign");
        var cdls = TabularDataLoaders.FromTable(cancer, "target", validPct: o.ValidPct, seed: o.Seed, bs: o.Bs);
        Describe(cdls);
        manual_seed(o.Seed);
        var clearn = TabularLearners.TabularLearner(cdls, metrics: [Metric.Accuracy(), Metric.F1Score()], path: Path.Combine(o.Out, "cancer"));
        clearn.FitOneCycle(Math.Max(1, o.Epochs / 3), o.Lr);
        var ctable = new List<(string, string, double)> { ("tabular learner (FastDays)", "accuracy", clearn.Recorder.Last("accuracy")) };
        ctable.AddRange(Trees(cdls, o.Seed).Rows);
        ctable.AddRange(Sklearn(cdls, SklearnTables.BreastCancerFeatures, "target", "classification", Path.Combine(o.Out, "cancer")));
        Report("breast cancer, validation accuracy (higher is better)", ctable);
        Importance(clearn, cdls, Path.Combine(o.Out, "cancer", "importance.png"), top: 10);
    }

    // 3 and 4. Larger tables from R, with text categories: every model reads the same processed inputs (codes, normalised numbers).
    private static void LargerTable(TabularOptions o, string name, string title, Table table, string y, Func<Table, int[]>? validIdx, int bs, int epochs)
    {
        Console.WriteLine($"\n{title}: {table.RowCount} rows, {table.Names.Count - 1} columns, target {y}");
        var dls = TabularDataLoaders.FromTable(table, y, validPct: o.ValidPct, seed: o.Seed, bs: bs, validIdx: validIdx?.Invoke(table));
        Describe(dls);
        var ys = dls.Train[y].Select(v => double.Parse(v!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var margin = (ys.Max() - ys.Min()) * 0.05;
        manual_seed(o.Seed);
        var learn = TabularLearners.TabularLearner(dls, layers: [200, 100], metrics: [Metric.Rmse()], yRange: (ys.Min() - margin, ys.Max() + margin),
            path: Path.Combine(o.Out, name));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        learn.FitOneCycle(epochs, o.Lr);
        Console.WriteLine($"tabular learner: {epochs} epochs in {clock.Elapsed.TotalSeconds:F1} s");
        var rows = new List<(string, string, double)> { ("tabular learner (FastDays)", "rmse", learn.Recorder.Last("rmse")) };
        clock.Restart();
        var (treeRows, forest, forestRmse) = Trees(dls, o.Seed);
        rows.AddRange(treeRows);
        var embedded = dls.RandomForest((TabularModel)learn.Model, new ForestOptions { Seed = o.Seed }).Evaluate(dls.Valid);
        rows.Add(("random forest on the learner's embeddings (ML.NET)", embedded.Metric, embedded.Value));
        Console.WriteLine($"ML.NET forests and tree: {clock.Elapsed.TotalSeconds:F1} s");
        rows.AddRange(SklearnProcessed(dls, Path.Combine(o.Out, name)));
        Report($"{title}, validation RMSE of log price (lower is better)", rows);
        Console.WriteLine("forest importance (share of the splits' error reduction), top 10:\n" +
            string.Join('\n', forest.FeatureImportance().Take(10).Select(p => $"  {p.Name,-28} {p.Importance:F3}")));
        var (domain, accuracy) = dls.OutOfDomain(new ForestOptions { Seed = o.Seed });
        Console.WriteLine($"out of domain: a forest tells validation rows from training rows with accuracy {accuracy:F3} on its own rows " +
            $"(guessing {Math.Max(dls.Train.RowCount, dls.Valid.RowCount) / (double)(dls.Train.RowCount + dls.Valid.RowCount):F3}); " +
            $"the columns that let it: {string.Join(", ", domain.Take(5).Select(p => $"{p.Name} {p.Importance:F3}"))}");
        // The book then drops what gives the validation rows away, if the forest does as well without it.
        var telling = domain.TakeWhile(p => p.Importance > 0.05).Select(p => p.Name).Where(table.Has).Take(2).ToArray();
        if (telling.Length > 0 && domain[0].Importance > 0.3)
        {
            var without = TabularDataLoaders.FromTable(table.Drop(telling), y, validPct: o.ValidPct, seed: o.Seed, bs: bs, validIdx: validIdx?.Invoke(table));
            var rmse = without.RandomForest(new ForestOptions { Seed = o.Seed }).Evaluate(without.Valid).Value;
            Console.WriteLine($"random forest without {string.Join(" and ", telling)}: rmse {rmse:F4} (with them {forestRmse:F4})");
        }
    }

    // Chapter 9's trees through ML.NET: the book's forest (40 trees, half the columns per split, 5 rows a leaf) and one tree of 25 rows a leaf.
    private static (List<(string, string, double)> Rows, TabularForest Forest, double ForestValue) Trees(TabularDataLoaders dls, int seed)
    {
        var forest = dls.RandomForest(new ForestOptions { Seed = seed });
        var (metric, value) = forest.Evaluate(dls.Valid);
        var tree = dls.DecisionTree(minSamplesLeaf: 25, seed: seed).Evaluate(dls.Valid);
        return ([("random forest, book settings (ML.NET)", metric, value), ("decision tree (ML.NET)", tree.Metric, tree.Value)], forest, value);
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
        foreach (var (model, metric, value) in rows) Console.WriteLine($"  {model,-52} {metric,-9} {value:F4}");
    }

    // scikit-learn on the same rows: the split is written as two CSV files (features, then the target) that the script reads.
    private static List<(string, string, double)> Sklearn(TabularDataLoaders dls, IReadOnlyList<string> features, string y, string task, string folder) =>
        Sklearn(dls.Train, dls.Valid, features, y, task, folder);

    private static List<(string, string, double)> Sklearn(Table trainRows, Table validRows, IReadOnlyList<string> features, string y, string task,
        string folder)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "tabular_baselines.py");
        var (train, valid) = (Path.Combine(folder, "split_train.csv"), Path.Combine(folder, "split_valid.csv"));
        WriteCsv(trainRows, [.. features, y], train);
        WriteCsv(validRows, [.. features, y], valid);
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

    // scikit-learn on the processed inputs the other models read: categorical codes and normalised numbers, then the target.
    private static List<(string, string, double)> SklearnProcessed(TabularDataLoaders dls, string folder)
    {
        var names = dls.Procs.ModelCatNames.Concat(dls.Procs.ContNames).ToList();
        Table Processed(Table rows)
        {
            var (x, yt) = dls.Procs.Process(rows);
            using (x)
            using (yt)
            {
                var (flat, width) = (x.data<float>().ToArray(), names.Count);
                var columns = names.Select((_, j) => TableColumn.FromNumbers([.. Enumerable.Range(0, rows.RowCount).Select(i => (double)flat[i * width + j])]))
                    .Append(TableColumn.FromNumbers([.. yt!.data<float>().ToArray().Select(v => (double)v)]));
                return Table.FromColumns([.. names.Select((_, j) => $"x{j}"), "y"], [.. columns]);
            }
        }
        var (train, valid) = (Processed(dls.Train), Processed(dls.Valid));
        return Sklearn(train, valid, [.. names.Select((_, j) => $"x{j}")], "y", dls.Procs.IsRegression ? "regression" : "classification", folder);
    }

    private static void WriteCsv(Table table, IReadOnlyList<string> columns, string path) =>
        FastDays.Persistence.AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.WriteLine(string.Join(',', columns.Select(c => c.Replace(',', ' '))));
            for (var i = 0; i < table.RowCount; i++) writer.WriteLine(string.Join(',', columns.Select(c => table[c][i] ?? "")));
        });
}
