using FastDays.Collab.Data;
using FastDays.Collab.Models;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Plotting;
using static TorchSharp.torch;

namespace FastDays.Collab.Interpret;

/// <summary>What the book reads from a trained dot-product model (chapter 8): the users' or items' biases ranked, their factors' principal components
/// mapped, the items nearest an item by cosine similarity of their factors, and how many training ratings each one has.</summary>
public sealed class CollabInterpretation
{
    private readonly ICollabModel _model;
    private readonly CollabBlock _block;
    private readonly DataLoaders _dls;

    /// <summary>Interprets a learner whose model has factors and biases (DotProductBias or EmbeddingDotBias) over loaders from CollabDataLoaders.</summary>
    public CollabInterpretation(Learner learn)
    {
        ArgumentNullException.ThrowIfNull(learn);
        _model = learn.Model as ICollabModel ?? throw new ArgumentException($"{learn.Model.GetType().Name} has no factors and biases to interpret: use " +
            "DotProductBias or EmbeddingDotBias (an EmbeddingNN's embeddings are its TabularModel's)", nameof(learn));
        (_dls, _block) = (learn.Dls, learn.Dls.CollabBlockOf());
    }

    /// <summary>Every training user's (isItem false) or item's bias, lowest first (#na# left out).</summary>
    public IReadOnlyList<(string Name, double Bias)> Biases(bool isItem = true)
    {
        double[] values;
        using (NewDisposeScope()) values = _model.Biases(isItem).to_type(ScalarType.Float64).data<double>().ToArray();
        var names = Vocab(isItem);
        return [.. Enumerable.Range(1, names.Count - 1).Select(i => (names[i], values[i])).OrderBy(p => p.Item2).ThenBy(p => p.Item1, StringComparer.Ordinal)];
    }

    /// <summary>The biases of the named users or items, in that order (fastai's model.bias).</summary>
    public Tensor Bias(IEnumerable<string> names, bool isItem = true)
    {
        using var codes = tensor(_block.Codes(names, isItem));
        using var biases = _model.Biases(isItem);
        return biases.index_select(0, codes);
    }

    /// <summary>The factors of the named users or items, one row each (fastai's model.weight).</summary>
    public Tensor Weight(IEnumerable<string> names, bool isItem = true)
    {
        using var codes = tensor(_block.Codes(names, isItem));
        using var factors = _model.Factors(isItem);
        return factors.index_select(0, codes);
    }

    /// <summary>The named users' or items' factors projected on the first k principal components of those factors (centred; the sign of each
    /// component is arbitrary): (names, k).</summary>
    public Tensor Pca(IEnumerable<string> names, int k = 3, bool isItem = true)
    {
        using var scope = NewDisposeScope();
        var x = Weight(names, isItem).to_type(ScalarType.Float64);
        if (k < 1 || k > Math.Min(x.shape[0], x.shape[1]))
        {
            throw new ArgumentOutOfRangeException(nameof(k), k,
                $"{x.shape[0]} rows of {x.shape[1]} factors have at most {Math.Min(x.shape[0], x.shape[1])} components");
        }
        var centred = x.sub(x.mean([0], keepdim: true));
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        return centred.matmul(vh.narrow(0, 0, k).t()).MoveToOuterDisposeScope();
    }

    /// <summary>The n users or items whose factors are nearest the named one's by cosine similarity, most similar first (the book's "most similar
    /// movie").</summary>
    public IReadOnlyList<(string Name, double Similarity)> MostSimilar(string name, int n = 5, bool isItem = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        var code = _block.Codes([name], isItem)[0];
        using var scope = NewDisposeScope();
        var factors = _model.Factors(isItem).to_type(ScalarType.Float64);
        var similarity = nn.functional.cosine_similarity(factors, factors[code].unsqueeze(0), dim: 1).data<double>().ToArray();
        var names = Vocab(isItem);
        return [.. Enumerable.Range(1, names.Count - 1).Where(i => i != code).OrderByDescending(i => similarity[i]).Take(n)
            .Select(i => (names[i], similarity[i]))];
    }

    /// <summary>Every training user or item with its number of training ratings, most rated first (ties in vocabulary order).</summary>
    public IReadOnlyList<(string Name, int Ratings)> MostRated(bool isItem = true)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (user, item, _) in _dls.Train.Ratings())
        {
            var key = isItem ? item : user;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        var names = Vocab(isItem);
        return [.. Enumerable.Range(1, names.Count - 1).Select(i => (names[i], counts.GetValueOrDefault(names[i]))).OrderByDescending(p => p.Item2)];
    }

    /// <summary>Draws the named users or items at two of their principal components (the book plots components 0 and 2) as a PNG; returns the plot
    /// so that its points can be read.</summary>
    public ScatterPlot PlotPca(string path, IReadOnlyList<string> names, bool isItem = true, int xComponent = 0, int yComponent = 2, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var pca = Pca(names, Math.Max(xComponent, yComponent) + 1, isItem);
        var coords = pca.data<double>().ToArray();
        var k = (int)pca.shape[1];
        var what = isItem ? _block.ItemName : _block.UserName;
        var plot = new ScatterPlot
        {
            Title = title ?? $"{what}: {names.Count} on principal components {xComponent} and {yComponent} of their factors",
            XLabel = $"component {xComponent}",
            YLabel = $"component {yComponent}",
        };
        for (var i = 0; i < names.Count; i++) plot.Add(names[i], coords[(i * k) + xComponent], coords[(i * k) + yComponent]);
        plot.Save(path);
        return plot;
    }

    private IReadOnlyList<string> Vocab(bool isItem) => isItem ? _block.Items : _block.Users;
}
