using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace FastDays.Modules;

/// <summary>The registry of architectures that LoadLearner can rebuild from a ModelSpec; FastDays.Vision and FastDays.Tabular register their models
/// when present.</summary>
public static class ModelZoo
{
    private static readonly ConcurrentDictionary<string, Func<ModelSpec, nn.Module<Tensor, Tensor>>> Builders = new(StringComparer.Ordinal);

    static ModelZoo()
    {
        // FastDays.Vision's and FastDays.Tabular's architectures register themselves through fixed, known entry points when deployed.
        Type.GetType("FastDays.Vision.Models.VisionArchitectures, FastDays.Vision")?.GetMethod("Register")?.Invoke(null, null);
        Type.GetType("FastDays.Tabular.Models.TabularModel, FastDays.Tabular")?.GetMethod("Register")?.Invoke(null, null);
    }

    /// <summary>Registers (or replaces) an architecture builder under a name.</summary>
    public static void Register(string arch, Func<ModelSpec, nn.Module<Tensor, Tensor>> build) => Builders[arch] = build;

    /// <summary>The registered architecture names.</summary>
    public static IReadOnlyCollection<string> Names => [.. Builders.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Builds the model a spec describes.</summary>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec) => Builders.TryGetValue(spec.Arch, out var build) ? build(spec)
        : throw new KeyNotFoundException($"unknown architecture '{spec.Arch}' (registered: {string.Join(", ", Names)}); register it with ModelZoo.Register");
}
