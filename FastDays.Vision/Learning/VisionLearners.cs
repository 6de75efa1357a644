using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Optimizers;
using static TorchSharp.torch;

namespace FastDays.Vision.Learning;

/// <summary>fastai's vision_learner: a pretrained-style body cut at its pooling layer plus fastai's head, with body/head parameter groups.</summary>
public static class VisionLearners
{
    /// <summary>Creates a learner whose model is Sequential(body, head); nOut defaults to the number of classes of the data.</summary>
    /// <param name="dls">The training and validation data.</param>
    /// <param name="arch">The body: a VisionArch such as VisionArch.ResNet18, cut before its pooling layer.</param>
    /// <param name="pretrained">A PyTorch or safetensors file of weights for the body (which then starts frozen), or null to train from scratch.</param>
    /// <param name="nOut">The number of outputs (the data's number of classes when null).</param>
    /// <param name="nIn">The number of input channels.</param>
    /// <param name="lossFunc">The loss (CrossEntropyLossFlat when null).</param>
    /// <param name="optFunc">Makes the optimizer (Adam when null).</param>
    /// <param name="lr">The default learning rate.</param>
    /// <param name="cbs">Callbacks added to the default ones.</param>
    /// <param name="metrics">Metrics computed on the validation set every epoch.</param>
    /// <param name="path">The folder for checkpoints (under models/) and exports.</param>
    /// <param name="device">The device of the model and batches (the CPU when null).</param>
    /// <param name="ps">The dropout probability of the head's last layer (half of it before).</param>
    /// <param name="linFtrs">The widths of the head's hidden linear layers ([512] when null).</param>
    /// <param name="concatPool">Whether the head pools with AdaptiveConcatPool2d (average and max) rather than average alone.</param>
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
