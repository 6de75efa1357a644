using FastDays.Data;
using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>What LoadLearner gives back: the model in eval mode with its class names, normalisation and output activation, ready to predict.</summary>
public sealed class InferenceLearner(nn.Module<Tensor, Tensor> model, IReadOnlyList<string> vocab, Normalize? normalize, string activation, Device device)
{
    /// <summary>The model, in eval mode on Device.</summary>
    public nn.Module<Tensor, Tensor> Model { get; } = model;

    /// <summary>The class names (empty for regression).</summary>
    public IReadOnlyList<string> Vocab { get; } = vocab;

    /// <summary>The normalisation applied to inputs before the model, if the training data had one.</summary>
    public Normalize? Normalize { get; } = normalize;

    /// <summary>The output activation: softmax (over the last axis), softmax:1 (over axis 1: a class per pixel), sigmoid or none.</summary>
    public string Activation { get; } = activation;

    /// <summary>The activation of segmentation models: softmax over axis 1, the classes of (batch, classes, height, width) outputs.</summary>
    public const string SoftmaxAxis1 = "softmax:1";

    /// <summary>The device the model runs on.</summary>
    public Device Device { get; } = device;

    /// <summary>The shape of one input as the model saw it in validation, without the batch dimension (null for exports that predate it).</summary>
    public long[]? ItemShape { get; init; }

    /// <summary>The architecture and arguments the model was rebuilt from (what a learner made from this export records again).</summary>
    public Modules.ModelSpec? Spec { get; init; }

    /// <summary>The data's blocks, inputs first, as the export recorded them (empty for exports of loaders over plain tensors).</summary>
    public IReadOnlyList<BlockSpec> Blocks { get; init; } = [];

    /// <summary>How many of the blocks are inputs.</summary>
    public int NInp { get; init; } = 1;

    /// <summary>The validation item transforms of the data, which items to predict go through (rebuilt by DataSpecs).</summary>
    public IReadOnlyList<TransformSpec> ItemTfms { get; init; } = [];

    /// <summary>The validation batch transforms of the data other than Normalize, run before it.</summary>
    public IReadOnlyList<TransformSpec> BatchTfms { get; init; } = [];

    /// <summary>The block of the first target, rebuilt from the export (it decodes predictions): for exports that predate blocks, a CategoryBlock of
    /// the class names when there are any, else null.</summary>
    public TransformBlock? TargetBlock => _target ??= NInp < Blocks.Count ? DataSpecs.Block(Blocks[NInp])
        : Blocks.Count == 0 && Vocab.Count > 0 ? new CategoryBlock(Vocab) : null;

    private TransformBlock? _target;

    /// <summary>Decodes a batch of activated predictions (from GetPreds) item by item with the target block: class names, sets of names (outputs
    /// above threshold), points in the pixels of an input of the given size, values.</summary>
    public IReadOnlyList<Prediction> Decode(Tensor preds, (long Height, long Width)? size = null, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(preds);
        var target = TargetBlock ?? throw new InvalidOperationException("the export records no target block (it predates blocks); use Predict(Tensor)");
        using var scope = NewDisposeScope();
        using var s = new ScalarScope();
        var rows = preds.to_type(ScalarType.Float32).cpu();
        var decoded = Activation switch
        {
            "softmax" => rows.argmax(-1),
            SoftmaxAxis1 => rows.argmax(1),
            "sigmoid" => rows.gt(s.Of(threshold)).to_type(ScalarType.Float32),
            _ => rows,
        };
        return [.. Enumerable.Range(0, (int)rows.shape[0]).Select(i =>
        {
            var value = target.Decode(decoded[i], size);
            var index = Activation is "softmax" or SoftmaxAxis1 && decoded[i].numel() == 1 ? decoded[i].item<long>() : -1;
            return new Prediction(value, target.Show(value), index, rows[i].reshape(-1).data<float>().ToArray());
        })];
    }

    /// <summary>Activated predictions for a batch of raw inputs (before normalisation), on the CPU.</summary>
    public Tensor GetPreds(Tensor xb)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = xb.to(Device);
        if (Normalize is not null) x = Normalize.Forward(x);
        var output = Modules.QuietForward.Run(Model, x);
        var preds = Activation switch
        {
            "softmax" => output.softmax(-1),
            SoftmaxAxis1 => output.softmax(1),
            "sigmoid" => output.sigmoid(),
            _ => output,
        };
        return preds.cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Predicts one raw item (without batch dimension): the class index (argmax), its name, and the probabilities.</summary>
    public (long Index, string? Label, float[] Probs) Predict(Tensor item)
    {
        using var scope = NewDisposeScope();
        var probs = GetPreds(item.unsqueeze(0))[0];
        var index = Activation == "softmax" ? probs.argmax().item<long>() : -1;
        return (index, index >= 0 && index < Vocab.Count ? Vocab[(int)index] : null, probs.to_type(ScalarType.Float32).data<float>().ToArray());
    }
}
