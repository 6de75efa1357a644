using FastDays.Tabular.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FastDays.Trees;

/// <summary>Tables as ML.NET data: the tabular processing's inputs row by row, with their targets.</summary>
internal static class ForestData
{
    /// <summary>The processed inputs of each row (codes replaced by vectors when embeddings are given) and, when asked, the targets (values, or
    /// class indices).</summary>
    public static (float[][] X, float[]? Y) Inputs(TabularProcessor procs, Table table, bool withTargets, ForestEmbeddings? embeddings = null)
    {
        if (withTargets && !table.Has(procs.YName))
            throw new ArgumentException($"{table.Source}: the target column '{procs.YName}' is missing (columns: {string.Join(", ", table.Names)})");
        var (x, y) = procs.Process(withTargets ? table : table.Has(procs.YName) ? table.Drop(procs.YName) : table);
        using (x)
        using (y)
        {
            var width = (int)x.shape[1];
            var flat = x.data<float>().ToArray();
            var rows = new float[table.RowCount][];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = flat.AsSpan(i * width, width).ToArray();
                if (embeddings is not null) rows[i] = embeddings.Expand(rows[i]);
            }
            float[]? targets = y is null ? null : y.dtype == TorchSharp.torch.ScalarType.Int64
                ? [.. y.data<long>().ToArray().Select(v => (float)v)] : y.data<float>().ToArray();
            return (rows, targets);
        }
    }

    /// <summary>The rows as an IDataView of a Label column and a Features vector of the given width.</summary>
    public static IDataView View(MLContext ml, float[][] x, float[] y, bool binary, int width)
    {
        if (binary)
        {
            var schema = SchemaDefinition.Create(typeof(BinaryFeatureRow));
            schema[nameof(BinaryFeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            return ml.Data.LoadFromEnumerable(x.Select((f, i) => new BinaryFeatureRow { Label = y[i] > 0.5f, Features = f }).ToList(), schema);
        }
        var rows = SchemaDefinition.Create(typeof(FeatureRow));
        rows[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(x.Select((f, i) => new FeatureRow { Label = y[i], Features = f }).ToList(), rows);
    }
}
