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

    /// <summary>The output activation: softmax, sigmoid or none.</summary>
    public string Activation { get; } = activation;

    /// <summary>The device the model runs on.</summary>
    public Device Device { get; } = device;

    /// <summary>The shape of one input as the model saw it in validation, without the batch dimension (null for exports that predate it).</summary>
    public long[]? ItemShape { get; init; }

    /// <summary>Activated predictions for a batch of raw inputs (before normalisation), on the CPU.</summary>
    public Tensor GetPreds(Tensor xb)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = xb.to(Device);
        if (Normalize is not null) x = Normalize.Forward(x);
        var output = Modules.QuietForward.Run(Model, x);
        var preds = Activation switch { "softmax" => output.softmax(-1), "sigmoid" => output.sigmoid(), _ => output };
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
