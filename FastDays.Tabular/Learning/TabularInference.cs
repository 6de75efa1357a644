using FastDays.Learning;
using FastDays.Tabular.Data;
using static TorchSharp.torch;

namespace FastDays.Tabular.Learning;

/// <summary>What LoadTabularLearner gives back: the exported model and its processing, predicting decoded targets from raw rows.</summary>
public sealed class TabularInference
{
    /// <summary>The export entry holding the processing.</summary>
    public const string EntryName = "tabular.json";

    private TabularInference(InferenceLearner learner, TabularProcessor procs) => (Learner, Procs) = (learner, procs);

    /// <summary>The model with its activation and class names.</summary>
    public InferenceLearner Learner { get; }

    /// <summary>The processing fitted when the learner was trained.</summary>
    public TabularProcessor Procs { get; }

    /// <summary>Loads an export written by ExportTabular on device (CPU by default).</summary>
    public static TabularInference Load(string path, Device? device = null)
    {
        var json = ExportExtensions.ReadEntry(path, EntryName)
            ?? throw new InvalidDataException($"{path}: no {EntryName} entry (not a tabular export; write it with ExportTabular)");
        var procs = TabularProcessor.FromJson(json, path);
        return new TabularInference(ExportExtensions.LoadLearner(path, device), procs);
    }

    /// <summary>Predicts every row of a table (extra columns, such as the target, are ignored; absent ones count as missing).</summary>
    public IReadOnlyList<TabularPrediction> Predict(Table rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (x, y) = Procs.Process(rows);
        using (x) using (y) using (var preds = Learner.GetPreds(x))
        {
            var values = preds.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
            var width = (int)preds.shape[1];
            return [.. Enumerable.Range(0, rows.RowCount).Select(i => Decode(values.AsSpan(i * width, width).ToArray()))];
        }
    }

    /// <summary>Predicts one row given as column name → value (missing names and null values are missing; unseen categories are #na#).</summary>
    public TabularPrediction Predict(IReadOnlyDictionary<string, string?> row) => Predict(Table.FromRows([row], "row"))[0];

    private TabularPrediction Decode(float[] output)
    {
        if (Procs.YVocab is null) return new TabularPrediction(output[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture), output[0], output);
        var best = Array.IndexOf(output, output.Max());
        return new TabularPrediction(Procs.YVocab[best], best, output);
    }
}
