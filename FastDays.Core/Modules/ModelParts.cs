using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Modules;

/// <summary>Finds kinds of parameters in a model: those of normalisation layers and biases (fastai's norm_bias_params).</summary>
public static class ModelParts
{
    /// <summary>Whether a module is a normalisation layer (batch, instance or layer norm).</summary>
    public static bool IsNorm(nn.Module module) =>
        module.GetType().Name is var n
            && (n.StartsWith("BatchNorm", StringComparison.Ordinal) || n.StartsWith("InstanceNorm", StringComparison.Ordinal) || n == "LayerNorm"
                || n == "GroupNorm");

    /// <summary>The parameters of every normalisation layer of the model.</summary>
    public static HashSet<Parameter> NormParams(nn.Module model)
    {
        var set = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        foreach (var m in model.modules().Where(IsNorm))
            foreach (var p in m.parameters()) set.Add(p);
        return set;
    }

    /// <summary>The parameters of normalisation layers plus every parameter named bias.</summary>
    public static HashSet<Parameter> BatchNormAndBiasParams(nn.Module model)
    {
        var set = NormParams(model);
        foreach (var (name, p) in model.named_parameters())
            if (name == "bias" || name.EndsWith(".bias", StringComparison.Ordinal)) set.Add(p);
        return set;
    }
}
