using static TorchSharp.torch;

namespace FastDays.Collab.Models;

/// <summary>A collaborative-filtering model with a factor vector and a bias per user and per item (the book's DotProductBias, fastai's
/// EmbeddingDotBias), so that interpretation can rank the biases and compare the factors.</summary>
public interface ICollabModel
{
    /// <summary>The factors of every user (isItem false) or item, one row per code: (classes, factors).</summary>
    Tensor Factors(bool isItem = true);

    /// <summary>The bias of every user (isItem false) or item, one per code: (classes).</summary>
    Tensor Biases(bool isItem = true);

    /// <summary>For each (user, item) row of a batch of codes, the squared norm of the user's factors plus that of the item's: (batch), in the graph,
    /// so that a penalty on it trains only the rows the batch uses (FactorL2).</summary>
    Tensor FactorNorms(Tensor input);
}
