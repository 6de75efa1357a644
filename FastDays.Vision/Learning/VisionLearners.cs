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
    /// <param name="nOut">The number of outputs (when null, what the data's targets call for: dls.C).</param>
    /// <param name="nIn">The number of input channels.</param>
    /// <param name="lossFunc">The loss (when null, the one the data's target block calls for, else CrossEntropyLossFlat).</param>
    /// <param name="optFunc">Makes the optimizer (Adam when null).</param>
    /// <param name="lr">The default learning rate.</param>
    /// <param name="cbs">Callbacks added to the default ones.</param>
    /// <param name="metrics">Metrics computed on the validation set every epoch.</param>
    /// <param name="path">The folder for checkpoints (under models/) and exports.</param>
    /// <param name="device">The device of the model and batches (the CPU when null).</param>
    /// <param name="ps">The dropout probability of the head's last layer (half of it before).</param>
    /// <param name="linFtrs">The widths of the head's hidden linear layers ([512] when null).</param>
    /// <param name="concatPool">Whether the head pools with AdaptiveConcatPool2d (average and max) rather than average alone.</param>
    /// <param name="yRange">fastai's y_range: a SigmoidRange after the head, so that outputs stay between its ends (key points: (-1, 1)).</param>
    public static Learner VisionLearner(DataLoaders dls, VisionArch arch, string? pretrained = null, int? nOut = null, int nIn = 3,
        LossFunction? lossFunc = null, OptimizerFactory? optFunc = null, double lr = 1e-3, IEnumerable<Callback>? cbs = null,
        IEnumerable<Metric>? metrics = null, string path = ".", Device? device = null, double ps = 0.5, IReadOnlyList<long>? linFtrs = null,
        bool concatPool = true, (double Low, double High)? yRange = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        ArgumentNullException.ThrowIfNull(arch);
        var classes = nOut ?? dls.C;
        if (classes < 1) throw new ArgumentException("the data says no number of outputs (no vocabulary); pass nOut", nameof(nOut));
        var model = CreateVisionModel(arch, classes, pretrained, nIn, ps, linFtrs, concatPool, yRange);
        var learn = new Learner(dls, model, lossFunc ?? dls.LossFunc ?? new CrossEntropyLossFlat(), optFunc, lr, splitter: Splitter(arch), cbs: cbs,
            metrics: metrics,
            path: path, device: device);
        learn.Spec = Spec(arch, classes, nIn, ps, linFtrs, concatPool, yRange);   // so that Export works for any vision learner
        if (pretrained is not null) learn.Freeze();
        return learn;
    }

    /// <summary>A learner that goes on training an exported vision model on new data (fastai's load_learner, then learn.dls = dls and fine_tune):
    /// the export's model and weights, body/head parameter groups for Freeze and FineTune, and the loss the data's target block calls for.</summary>
    public static Learner LoadLearner(string export, DataLoaders dls, LossFunction? lossFunc = null, IEnumerable<Callback>? cbs = null,
        IEnumerable<Metric>? metrics = null, string path = ".", Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        var inference = ExportExtensions.LoadLearner(export);
        if (inference.Spec is not { Arch: VisionModelArch } spec)
        {
            inference.Model.Dispose();
            throw new InvalidDataException($"{export}: not a vision_learner export (architecture '{inference.Spec?.Arch}')");
        }
        if (spec.GetInt("n_out") != dls.C)
        {
            inference.Model.Dispose();
            throw new ArgumentException($"{export}: the model gives {spec.GetInt("n_out")} outputs, the data's targets need {dls.C}", nameof(dls));
        }
        var loss = lossFunc ?? dls.LossFunc ?? new CrossEntropyLossFlat();
        var splitter = Splitter(VisionArch.ByName(spec.Get("arch")));
        return new Learner(dls, inference.Model, loss, splitter: splitter, cbs: cbs, metrics: metrics, path: path, device: device) { Spec = spec };
    }

    /// <summary>fastai's create_vision_model: Sequential(body, head), the body cut from arch (with pretrained weights when given), the head fastai's.
    /// With Splitter and Spec it builds a learner of your own class: new MyLearner(dls, model, loss, splitter: Splitter(arch)) { Spec = Spec(…) }.</summary>
    public static TorchSharp.Modules.Sequential CreateVisionModel(VisionArch arch, int nOut, string? pretrained = null, int nIn = 3, double ps = 0.5,
        IReadOnlyList<long>? linFtrs = null, bool concatPool = true, (double Low, double High)? yRange = null)
    {
        ArgumentNullException.ThrowIfNull(arch);
        var body = arch.CreateBody(nIn, pretrained);
        var head = VisionHead.CreateHead(NumFeatures(body, nIn), nOut, linFtrs, ps, concatPool);
        if (yRange is { } range) head.append("y_range", new Modules.SigmoidRange(range.Low, range.High));
        return nn.Sequential(("0", body), ("1", head));
    }

    /// <summary>The parameter groups of a model made by CreateVisionModel: the body's groups (arch.SplitBody), then the head.</summary>
    public static Func<nn.Module<Tensor, Tensor>, IReadOnlyList<IReadOnlyList<TorchSharp.Modules.Parameter>>> Splitter(VisionArch arch)
    {
        ArgumentNullException.ThrowIfNull(arch);
        return model => model.named_children().ToList() is [("0", TorchSharp.Modules.Sequential body), ("1", var head)]
            ? [.. arch.SplitBody(body), [.. head.parameters()]]
            : throw new ArgumentException("the model is not Sequential(body, head) as CreateVisionModel makes it", nameof(model));
    }

    /// <summary>The ModelZoo spec of a vision model, so that Export can write it and LoadLearner rebuild it (without pretrained weights: the
    /// export holds all of them).</summary>
    public static Modules.ModelSpec Spec(VisionArch arch, int nOut, int nIn = 3, double ps = 0.5, IReadOnlyList<long>? linFtrs = null, bool concatPool = true,
        (double Low, double High)? yRange = null)
    {
        ArgumentNullException.ThrowIfNull(arch);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return new Modules.ModelSpec(VisionModelArch, new Dictionary<string, string>
        {
            ["arch"] = arch.Name, ["n_out"] = nOut.ToString(invariant), ["n_in"] = nIn.ToString(invariant), ["ps"] = ps.ToString("R", invariant),
            ["lin_ftrs"] = linFtrs is null ? "" : linFtrs.Count == 0 ? NoHiddenLayers : string.Join(',', linFtrs),
            ["concat_pool"] = concatPool ? "true" : "false",
            ["y_range"] = Models.VisionArchitectures.YRangeArg(yRange),
        });
    }

    /// <summary>What a spec's lin_ftrs holds for a head without hidden layers (linFtrs: []), which an empty value (fastai's default, [512]) cannot
    /// say.</summary>
    public const string NoHiddenLayers = "none";

    /// <summary>The ModelZoo name of models made by CreateVisionModel.</summary>
    public const string VisionModelArch = "vision_learner";

    /// <summary>The number of channels a body outputs (fastai's num_features_model), from a dummy forward pass.</summary>
    public static long NumFeatures(nn.Module<Tensor, Tensor> body, int nIn, int size = 64)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var training = body.training;
        body.eval();
        var shape = FastDays.Modules.QuietForward.Run(body, zeros(1, nIn, size, size)).shape;
        if (training) body.train();
        return shape[1];
    }
}
