using FastDays.Collab.Data;
using FastDays.Collab.Models;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Optimizers;
using FastDays.Tabular.Models;
using static TorchSharp.torch;

namespace FastDays.Collab.Learning;

/// <summary>fastai's collab_learner: an EmbeddingDotBias (or, with useNn, an EmbeddingNN) sized from the loaders' users and items, MSE loss.</summary>
public static class CollabLearners
{
    /// <summary>Builds the learner over loaders from CollabDataLoaders: nFactors per user and item for the dot product; with useNn, embeddings sized
    /// by fastai's rule (or embSzs, by column name) and hidden layers (fastai's [nFactors] by default); yRange squashes the predictions.</summary>
    /// <param name="dls">Loaders whose first block is a CollabBlock.</param>
    /// <param name="nFactors">Factors per user and item (the dot-product model), and the default hidden size of the neural one.</param>
    /// <param name="useNn">Whether to use EmbeddingNN instead of EmbeddingDotBias.</param>
    /// <param name="embSzs">Embedding sizes of EmbeddingNN by column name, where the rule should not decide.</param>
    /// <param name="layers">The hidden sizes of EmbeddingNN.</param>
    /// <param name="ps">The dropout after each hidden layer of EmbeddingNN (none when null; fastai's tabular_config ps).</param>
    /// <param name="embP">The dropout on EmbeddingNN's embeddings (fastai's embed_p).</param>
    /// <param name="yRange">The range predictions are squashed into (fastai: (0, 5.5) for ratings of 1 to 5).</param>
    /// <param name="lossFunc">The loss (MseLossFlat when null).</param>
    /// <param name="metrics">Metrics reported per epoch.</param>
    /// <param name="optFunc">Makes the optimizer (fastai's Adam when null).</param>
    /// <param name="lr">The default learning rate.</param>
    /// <param name="path">Where models/ and exports go.</param>
    /// <param name="device">The device (CPU when null).</param>
    /// <param name="cbs">Extra callbacks.</param>
    public static Learner CollabLearner(DataLoaders dls, int nFactors = 50, bool useNn = false, IReadOnlyDictionary<string, int>? embSzs = null,
        IReadOnlyList<int>? layers = null, IReadOnlyList<double>? ps = null, double embP = 0, (double Low, double High)? yRange = null,
        LossFunction? lossFunc = null, IEnumerable<Metric>? metrics = null, OptimizerFactory? optFunc = null, double lr = 1e-3, string path = ".",
        Device? device = null, IEnumerable<Callback>? cbs = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        var block = dls.CollabBlockOf();
        if (block.Users.Count == 0) throw new InvalidOperationException("the loaders' CollabBlock has no vocabulary: build the loaders first");
        nn.Module<Tensor, Tensor> model;
        Modules.ModelSpec spec;
        if (useNn)
        {
            List<(int, int)> sizes = [Size(block.Users.Count, block.UserName), Size(block.Items.Count, block.ItemName)];
            layers ??= [nFactors];
            model = new EmbeddingNN(sizes, layers, ps, embP, yRange);
            spec = TabularModel.Spec(sizes, 0, 1, layers, ps, embP, yRange);
        }
        else
        {
            model = new EmbeddingDotBias(nFactors, block.Users.Count, block.Items.Count, yRange);
            spec = CollabSpecs.EmbeddingDotBias(nFactors, block.Users.Count, block.Items.Count, yRange);
        }
        return new Learner(dls, model, lossFunc ?? new MseLossFlat(), optFunc, lr, cbs: cbs, metrics: metrics, path: path, device: device) { Spec = spec };

        (int, int) Size(int classes, string name) => (classes, embSzs?.GetValueOrDefault(name) is > 0 and var s ? s : TabularModel.EmbSzRule(classes));
    }

    /// <summary>The book's learner: a DotProductBias of nFactors per user and item over the loaders' vocabularies, MSE loss.</summary>
    public static Learner DotProductBiasLearner(DataLoaders dls, int nFactors = 50, (double Low, double High)? yRange = null,
        IEnumerable<Metric>? metrics = null, OptimizerFactory? optFunc = null, double lr = 1e-3, string path = ".", Device? device = null,
        IEnumerable<Callback>? cbs = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        var block = dls.CollabBlockOf();
        var model = new DotProductBias(block.Users.Count, block.Items.Count, nFactors, yRange);
        return new Learner(dls, model, new MseLossFlat(), optFunc, lr, cbs: cbs, metrics: metrics, path: path, device: device)
        {
            Spec = CollabSpecs.DotProductBias(block.Users.Count, block.Items.Count, nFactors, yRange),
        };
    }
}
