using System.Collections.Concurrent;
using static TorchSharp.torch;

namespace FastDays.Modules;

/// <summary>The registry of architectures that LoadLearner can rebuild from a ModelSpec; FastDays.Vision and FastDays.Tabular register their models
/// when present.</summary>
public static class ModelZoo
{
    private static readonly ConcurrentDictionary<string, Func<ModelSpec, nn.Module<Tensor, Tensor>>> Builders = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Func<ModelSpec, double>> Sizes = new(StringComparer.Ordinal);

    static ModelZoo()
    {
        // FastDays.Vision's and FastDays.Tabular's architectures register themselves through fixed, known entry points when deployed.
        Find("FastDays.Vision.Models.VisionArchitectures", "FastDays.Vision")?.GetMethod("Register")?.Invoke(null, null);
        Find("FastDays.Tabular.Models.TabularModel", "FastDays.Tabular")?.GetMethod("Register")?.Invoke(null, null);
    }

    // A type of an assembly already loaded (in whatever load context: a notebook or a plugin host loads FastDays from a path), else loaded by name.
    private static Type? Find(string type, string assembly)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assembly);
        if (loaded is not null) return loaded.GetType(type);
        try { return Type.GetType($"{type}, {assembly}"); }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException) { return null; }
    }

    /// <summary>Registers (or replaces) an architecture builder under a name; leastParameters, when given, is a lower bound of the number of weights
    /// a spec builds (computed without building), which LoadLearner compares with the file's weights before it builds anything.</summary>
    public static void Register(string arch, Func<ModelSpec, nn.Module<Tensor, Tensor>> build, Func<ModelSpec, double>? leastParameters = null)
    {
        Builders[arch] = build;
        if (leastParameters is null) Sizes.TryRemove(arch, out _);
        else Sizes[arch] = leastParameters;
    }

    /// <summary>A lower bound of the number of weights the spec's model has, without building it; null when its architecture registered none.</summary>
    public static double? LeastParameters(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Sizes.TryGetValue(spec.Arch, out var size) ? size(spec) : null;
    }

    /// <summary>The registered architecture names.</summary>
    public static IReadOnlyCollection<string> Names => [.. Builders.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Builds the model a spec describes.</summary>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec) => Builders.TryGetValue(spec.Arch, out var build) ? build(spec)
        : throw new KeyNotFoundException($"unknown architecture '{spec.Arch}' (registered: {string.Join(", ", Names)}); register it with ModelZoo.Register");
}
