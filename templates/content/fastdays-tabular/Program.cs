using System.Globalization;
using FastDays.Learning;
using FastDays.Metrics;
using FastDays.Tabular.Data;
using FastDays.Tabular.Interpret;
using FastDays.Tabular.Learning;
using FastDaysTabular;
using static TorchSharp.torch;

// A tabular learner of your own on FastDays (made by `dotnet new fastdays-tabular`).
//   dotnet run -- [--csv FILE --y COLUMN] [--epochs 10]
// Without --csv a synthetic table of house prices is written to data/houses.csv.
var options = Options.Parse(args);
manual_seed(42);

// 1. The table: categorical and continuous columns chosen as fastai's cont_cat_split does, processing fitted on the training rows.
var csv = options.Csv ?? SyntheticHouses.Write("data/houses.csv", rows: 1000);
var dls = TabularDataLoaders.FromCsv(csv, options.Y, validPct: 0.2, seed: 42, bs: 64);
Console.WriteLine($"{dls.Train.RowCount} training / {dls.Valid.RowCount} validation rows; categorical: {string.Join(", ", dls.Procs.ModelCatNames)}; " +
    $"continuous: {string.Join(", ", dls.Procs.ContNames)}; {(dls.Procs.IsRegression ? "regression" : "classification")}");

// 2. The learner: embeddings for the categories, two hidden layers; a callback of our own watches the validation loss.
Metric[] metrics = dls.Procs.IsRegression ? [Metric.Rmse(), Metric.R2Score()] : [Metric.Accuracy()];
(double, double)? yRange = null;
if (dls.Procs.IsRegression)
{
    // fastai's y_range: outputs squashed into the training targets' range (with a margin), which makes regression train far faster.
    var ys = dls.Train[options.Y].Select(v => double.Parse(v!, CultureInfo.InvariantCulture)).ToList();
    var margin = (ys.Max() - ys.Min()) * 0.1;
    yRange = (ys.Min() - margin, ys.Max() + margin);
}
var learn = TabularLearners.TabularLearner(dls, layers: [200, 100], metrics: metrics, yRange: yRange);
var best = new BestEpoch();
learn.FitOneCycle(options.Epochs, 1e-2, cbs: [best]);
Console.WriteLine($"best validation loss {best.Loss:F4} at epoch {best.Epoch + 1}");

// 3. What the model relies on, then export, load and predict one row as an application would.
Console.WriteLine(FeatureImportance.Text(FeatureImportance.Permutation(learn, dls)));
var export = learn.ExportTabular(dls.Procs);
var inference = TabularInference.Load(export);
var row = dls.Valid.Row(0);
Console.WriteLine($"export: {export}");
Console.WriteLine($"prediction for the first validation row: {inference.Predict(row).Label} (actual {row[options.Y]})");
