using TorchSharp.Modules;

namespace FastDays.Optimizers;

/// <summary>A group of parameters sharing hyper-parameters (lr, mom, sqr_mom, eps, wd).</summary>
public sealed class ParameterGroup
{
    /// <summary>Creates a group with its own copy of the hyper-parameters.</summary>
    public ParameterGroup(IEnumerable<Parameter> parameters, IReadOnlyDictionary<string, double> hypers)
    {
        Params = [.. parameters];
        Hypers = new Dictionary<string, double>(hypers, StringComparer.Ordinal);
    }

    /// <summary>The parameters of the group.</summary>
    public IReadOnlyList<Parameter> Params { get; }

    /// <summary>The hyper-parameters of the group, by fastai's names.</summary>
    public Dictionary<string, double> Hypers { get; }

    /// <summary>A hyper-parameter's value, with a clear error when the optimizer has none of that name.</summary>
    public double this[string name] => Hypers.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"hyper-parameter '{name}' is not set (have: {string.Join(", ", Hypers.Keys)})");
}
