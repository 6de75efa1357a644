using System.Globalization;
using FastDays.Data;
using FastDays.Learning;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Optimizers;
using FastDays.Vision.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Learning;

/// <summary>fastai's unet_learner: a DynamicUnet over an architecture's body, the encoder's parameter groups then the decoder's, the loss of the data's
/// mask block (cross-entropy over every pixel), frozen encoder when its weights are pretrained, and an export that predicts masks.</summary>
public static class UnetLearners
{
    /// <summary>The ModelZoo name of models made by CreateUnetModel.</summary>
    public const string UnetModelArch = "unet_learner";

    /// <summary>Creates a learner whose model is a DynamicUnet over arch's body, sized for the data's images.</summary>
    /// <param name="dls">The training and validation data (images and masks).</param>
    /// <param name="arch">The encoder: a VisionArch such as VisionArch.ResNet34, cut before its pooling layer.</param>
    /// <param name="pretrained">A PyTorch or safetensors file of the encoder's weights (the encoder then starts frozen), or null.</param>
    /// <param name="nOut">The output channels (when null, the data's number of codes: dls.C).</param>
    /// <param name="nIn">The input channels.</param>
    /// <param name="imgSize">The height and width the decoder is sized for (when null, a training batch's).</param>
    /// <param name="lossFunc">The loss (when null, the data's target block's: CrossEntropyLossFlat over axis 1, ignoring the void code).</param>
    /// <param name="optFunc">Makes the optimizer (Adam when null).</param>
    /// <param name="lr">The default learning rate.</param>
    /// <param name="cbs">Callbacks added to the default ones.</param>
    /// <param name="metrics">Metrics computed on the validation set every epoch.</param>
    /// <param name="path">The folder for checkpoints and exports.</param>
    /// <param name="device">The device (the CPU when null).</param>
    /// <param name="options">The U-Net's options (blur, self-attention, y_range, last cross, bottleneck).</param>
    public static Learner UnetLearner(DataLoaders dls, VisionArch arch, string? pretrained = null, int? nOut = null, int nIn = 3,
        (long Height, long Width)? imgSize = null, LossFunction? lossFunc = null, OptimizerFactory? optFunc = null, double lr = 1e-3,
        IEnumerable<Callback>? cbs = null, IEnumerable<Metric>? metrics = null, string path = ".", Device? device = null, UnetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dls);
        ArgumentNullException.ThrowIfNull(arch);
        var classes = nOut ?? dls.C;
        if (classes < 1) throw new ArgumentException("the data says no number of outputs (no codes); pass nOut", nameof(nOut));
        var size = imgSize ?? BatchSize(dls);
        var unet = options ?? new UnetOptions();
        var model = CreateUnetModel(arch, classes, size, pretrained, nIn, unet);
        var learn = new Learner(dls, model, lossFunc ?? dls.LossFunc ?? new CrossEntropyLossFlat(axis: 1), optFunc, lr, splitter: Splitter(arch),
            cbs: cbs, metrics: metrics, path: path, device: device)
        {
            Spec = Spec(arch, classes, size, nIn, unet),
        };
        if (pretrained is not null) learn.Freeze();
        return learn;
    }

    /// <summary>fastai's create_unet_model: a DynamicUnet over arch's body (with its pretrained weights when given).</summary>
    public static DynamicUnet CreateUnetModel(VisionArch arch, int nOut, (long Height, long Width) imgSize, string? pretrained = null, int nIn = 3,
        UnetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(arch);
        var o = options ?? new UnetOptions();
        return new DynamicUnet(arch.CreateBody(nIn, pretrained), nOut, imgSize, nIn, o.Blur, o.BlurFinal, o.SelfAttention, o.YRange, o.LastCross,
            o.Bottle);
    }

    /// <summary>The parameter groups of a DynamicUnet: the encoder's (arch.SplitBody), then the rest of the network.</summary>
    public static Func<nn.Module<Tensor, Tensor>, IReadOnlyList<IReadOnlyList<Parameter>>> Splitter(VisionArch arch)
    {
        ArgumentNullException.ThrowIfNull(arch);
        return model =>
        {
            if (model is not DynamicUnet unet) throw new ArgumentException("the model is not a DynamicUnet", nameof(model));
            var encoder = new HashSet<Parameter>(unet.Encoder.parameters(), ReferenceEqualityComparer.Instance);
            return [.. arch.SplitBody(unet.Encoder), [.. unet.parameters().Where(p => !encoder.Contains(p))]];
        };
    }

    /// <summary>The ModelZoo spec of a U-Net, so that Export writes it and LoadLearner rebuilds it.</summary>
    public static Modules.ModelSpec Spec(VisionArch arch, int nOut, (long Height, long Width) imgSize, int nIn = 3, UnetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(arch);
        var o = options ?? new UnetOptions();
        static string Flag(bool b) => b ? "true" : "false";
        return new Modules.ModelSpec(UnetModelArch, new Dictionary<string, string>
        {
            ["arch"] = arch.Name, ["n_out"] = nOut.ToString(CultureInfo.InvariantCulture), ["n_in"] = nIn.ToString(CultureInfo.InvariantCulture),
            ["img_size"] = string.Create(CultureInfo.InvariantCulture, $"{imgSize.Height},{imgSize.Width}"), ["blur"] = Flag(o.Blur),
            ["blur_final"] = Flag(o.BlurFinal), ["self_attention"] = Flag(o.SelfAttention), ["last_cross"] = Flag(o.LastCross),
            ["bottle"] = Flag(o.Bottle), ["y_range"] = VisionArchitectures.YRangeArg(o.YRange),
        });
    }

    /// <summary>Rebuilds the model of a spec written by Spec (what the ModelZoo calls); sizes outside 8–4,096 pixels are refused before anything is
    /// built.</summary>
    public static DynamicUnet FromSpec(Modules.ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var size = spec.GetInts("img_size");
        if (size is not [>= 8 and <= 4096, >= 8 and <= 4096])
            throw new FormatException($"model '{spec.Arch}': img_size '{Formats.Clip(spec.Get("img_size"))}' is not height,width of 8–4,096 pixels");
        var options = new UnetOptions
        {
            Blur = spec.Get("blur") == "true", BlurFinal = spec.Get("blur_final") == "true", SelfAttention = spec.Get("self_attention") == "true",
            LastCross = spec.Get("last_cross") == "true", Bottle = spec.Get("bottle") == "true",
            YRange = VisionArchitectures.YRange(spec),
        };
        return CreateUnetModel(VisionArch.ByName(spec.Get("arch")), spec.GetInt("n_out"), (size[0], size[1]), null, spec.GetInt("n_in"), options);
    }

    private static (long, long) BatchSize(DataLoaders dls)
    {
        using var batch = dls.Train.OneBatch();
        return batch.X.dim() == 4 ? (batch.X.shape[2], batch.X.shape[3])
            : throw new ArgumentException($"a U-Net takes (batch, channels, height, width) images, the data gives {Formats.Shape(batch.X)}", nameof(dls));
    }
}
