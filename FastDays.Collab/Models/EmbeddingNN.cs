using FastDays.Tabular.Models;

namespace FastDays.Collab.Models;

/// <summary>fastai's EmbeddingNN: a TabularModel with no continuous columns and one output — the user's and the item's embeddings concatenated and
/// fed through hidden layers, instead of a dot product.</summary>
public sealed class EmbeddingNN : TabularModel
{
    /// <summary>Creates the model: embSzs gives the (classes, size) of the user and of the item embedding, layers the hidden sizes.</summary>
    public EmbeddingNN(IReadOnlyList<(int Classes, int Size)> embSzs, IReadOnlyList<int> layers, IReadOnlyList<double>? ps = null, double embP = 0,
        (double Low, double High)? yRange = null)
        : base(embSzs, 0, 1, layers, ps, embP, yRange)
    {
    }
}
