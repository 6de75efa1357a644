using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Learning;

/// <summary>fastai's vision_learner: a pretrained-style body cut at its pooling layer plus fastai's head, with body/head parameter groups.</summary>
public static class VisionLearners
{
    /// <summary>Creates a learner whose model is Sequential(body, head); nOut defaults to the number of classes of the data.</summary>
    public static Learner VisionLearner(DataLoaders dls, VisionArch arch, string? pretrained = null, int? nOut = null, int nIn = 3,
        LossFunction? lossFunc = null, OptimizerFactory? optFunc = null, double lr = 1e-3, IEnumerable<Callback>? cbs = null,
        IEnumerable<Metric>? metrics = null, string path = ".", Device? device = null, double ps = 0.5, IReadOnlyList<long>? linFtrs = null,
        bool concatPool = true)
    {
        var classes = nOut ?? dls.Vocab.Count;
        if (classes < 1) throw new ArgumentException("the data has no vocabulary; pass nOut (the number of outputs)", nameof(nOut));
        var body = arch.CreateBody(nIn, pretrained);
        var nf = NumFeatures(body, nIn);
        var head = VisionHead.CreateHead(nf, classes, linFtrs, ps, concatPool);
        var model = nn.Sequential(("0", body), ("1", head));
        var learn = new Learner(dls, model, lossFunc ?? new CrossEntropyLossFlat(), optFunc, lr,
            splitter: _ => [.. arch.SplitBody(body), [.. head.parameters()]], cbs: cbs, metrics: metrics, path: path, device: device);
        if (pretrained is not null) learn.Freeze();
        return learn;
    }

    /// <summary>The number of channels a body outputs (fastai's num_features_model), from a dummy forward pass.</summary>
    public static long NumFeatures(nn.Module<Tensor, Tensor> body, int nIn, int size = 64)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var training = body.training;
        body.eval();
        var shape = body.forward(zeros(1, nIn, size, size)).shape;
        if (training) body.train();
        return shape[1];
    }
}
