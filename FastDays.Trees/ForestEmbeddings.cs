using FastDays.Tabular.Models;

namespace FastDays.Trees;

/// <summary>A tabular model's learned category vectors, copied out: each row's categorical codes become the vectors the network learned for
/// them (the book's last step of chapter 9), the continuous values follow unchanged.</summary>
internal sealed class ForestEmbeddings
{
    private readonly float[][] _weights;
    private readonly int[] _sizes;

    private ForestEmbeddings(float[][] weights, int[] sizes) => (_weights, _sizes) = (weights, sizes);

    /// <summary>The vectors of a model whose inputs are nCat codes (its embedding tables must match the processing's vocabularies).</summary>
    public static ForestEmbeddings From(TabularModel model, IReadOnlyList<int> cardinalities)
    {
        var tables = model.EmbeddingWeights();
        if (tables.Count != cardinalities.Count)
            throw new ArgumentException($"the model has {tables.Count} embeddings for {cardinalities.Count} categorical columns");
        var weights = new float[tables.Count][];
        var sizes = new int[tables.Count];
        for (var j = 0; j < tables.Count; j++)
        {
            if (tables[j].shape[0] != cardinalities[j])
                throw new ArgumentException($"categorical column {j}: the model's embedding has {tables[j].shape[0]} rows for {cardinalities[j]} classes");
            using var cpu = tables[j].detach().cpu().to_type(TorchSharp.torch.ScalarType.Float32);
            (weights[j], sizes[j]) = (cpu.data<float>().ToArray(), (int)tables[j].shape[1]);
        }
        return new ForestEmbeddings(weights, sizes);
    }

    /// <summary>Which input column (categorical, then continuous) each expanded feature comes from.</summary>
    public int[] ColumnOfFeature(int nCont) =>
        [.. _sizes.SelectMany((size, j) => Enumerable.Repeat(j, size)), .. Enumerable.Range(_sizes.Length, nCont)];

    /// <summary>A processed row (codes, then continuous values) with its codes replaced by their vectors.</summary>
    public float[] Expand(float[] row)
    {
        var nCat = _sizes.Length;
        var expanded = new float[_sizes.Sum() + row.Length - nCat];
        var at = 0;
        for (var j = 0; j < nCat; j++)
        {
            Array.Copy(_weights[j], (int)row[j] * _sizes[j], expanded, at, _sizes[j]);
            at += _sizes[j];
        }
        Array.Copy(row, nCat, expanded, at, row.Length - nCat);
        return expanded;
    }
}
