using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using static TorchSharp.torch;

namespace FastDays.Modules;

/// <summary>The registry of architectures that LoadLearner can rebuild from a ModelSpec. A library registers its architectures itself (FastDays.Vision
/// and FastDays.Tabular from their module initializers); an export records the assembly that registered its architecture, and the ModelZoo loads that
/// assembly and runs its initializer when the architecture is not registered yet — by name from the export, never by a name written here.</summary>
public static class ModelZoo
{
    private static readonly ConcurrentDictionary<string, (Func<ModelSpec, nn.Module<Tensor, Tensor>> Build, Func<ModelSpec, double>? Least, Assembly From)>
        Entries = new(StringComparer.Ordinal);

    /// <summary>Registers (or replaces) an architecture builder under a name; leastParameters, when given, is a lower bound of the number of weights
    /// a spec builds (computed without building), which LoadLearner compares with the file's weights before it builds anything.</summary>
    public static void Register(string arch, Func<ModelSpec, nn.Module<Tensor, Tensor>> build, Func<ModelSpec, double>? leastParameters = null)
    {
        ArgumentNullException.ThrowIfNull(arch);
        ArgumentNullException.ThrowIfNull(build);
        Entries[arch] = (build, leastParameters, build.Method.Module.Assembly);
    }

    /// <summary>The registered architecture names.</summary>
    public static IReadOnlyCollection<string> Names => [.. Entries.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The name of the assembly whose code registered an architecture (what an export records), or null when none is registered.</summary>
    public static string? AssemblyOf(string arch) => Entries.TryGetValue(arch, out var e) ? e.From.GetName().Name : null;

    /// <summary>Builds the model a spec describes.</summary>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Find(spec.Arch, null).Build(spec);
    }

    /// <summary>A lower bound of the number of weights the spec's model has, without building it; null when its architecture registered none.</summary>
    public static double? LeastParameters(ModelSpec spec, string? assembly = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Find(spec.Arch, assembly).Least?.Invoke(spec);
    }

    /// <summary>Makes sure the architectures of an assembly are registered: loads it by name (in the load context of FastDays.Core) and runs its
    /// module initializer, which is where a library registers them; assemblies that do not reference FastDays.Core are not run.</summary>
    public static void EnsureRegistered(string assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var context = AssemblyLoadContext.GetLoadContext(typeof(ModelZoo).Assembly) ?? AssemblyLoadContext.Default;
        var loaded = context.Assemblies.FirstOrDefault(a => a.GetName().Name == assembly);
        try { loaded ??= context.LoadFromAssemblyName(new AssemblyName(assembly)); }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException or ArgumentException)
        {
            throw new KeyNotFoundException($"the architectures of {assembly} are not available: the assembly cannot be loaded ({e.Message})", e);
        }
        RunInitializer(loaded);
    }

    // The entry of an architecture; when it is missing, the assembly named (else every loaded assembly built on FastDays.Core) gets to register first.
    private static (Func<ModelSpec, nn.Module<Tensor, Tensor>> Build, Func<ModelSpec, double>? Least, Assembly From) Find(string arch, string? assembly)
    {
        if (Entries.TryGetValue(arch, out var entry)) return entry;
        if (assembly is not null) EnsureRegistered(assembly);
        else
            foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies()) RunInitializer(loaded);
        return Entries.TryGetValue(arch, out entry) ? entry
            : throw new KeyNotFoundException($"unknown architecture '{Formats.Clip(arch)}' (registered: {string.Join(", ", Names)}); register it with " +
                "ModelZoo.Register, or reference the library that does");
    }

    private static void RunInitializer(Assembly assembly)
    {
        if (assembly == typeof(ModelZoo).Assembly || assembly.IsDynamic) return;
        if (!assembly.GetReferencedAssemblies().Any(r => r.Name == typeof(ModelZoo).Assembly.GetName().Name)) return;
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
    }
}
