using System.Collections.Concurrent;

namespace FastDays.Data;

/// <summary>The registry that rebuilds blocks and transforms from what an export recorded (as the ModelZoo rebuilds models); FastDays.Core registers
/// its own, FastDays.Vision its own from its module initializer.</summary>
public static class DataSpecs
{
    private static readonly ConcurrentDictionary<string, Func<BlockSpec, TransformBlock>> Blocks = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Func<TransformSpec, object>> Transforms = new(StringComparer.Ordinal);

    static DataSpecs()
    {
        RegisterBlock(nameof(CategoryBlock), s => new CategoryBlock(s.Vocab));
        RegisterBlock(nameof(MultiCategoryBlock), s => new MultiCategoryBlock(vocab: s.Vocab));
        RegisterBlock(nameof(RegressionBlock), s => new RegressionBlock(s.Shape is [var n] ? checked((int)n) : null));
        RegisterTransform(nameof(IntToFloatTensor), _ => new IntToFloatTensor());
    }

    /// <summary>Registers (or replaces) how a block of a kind is rebuilt from its spec.</summary>
    public static void RegisterBlock(string kind, Func<BlockSpec, TransformBlock> build)
    {
        ArgumentNullException.ThrowIfNull(kind);
        Blocks[kind] = build ?? throw new ArgumentNullException(nameof(build));
    }

    /// <summary>Registers (or replaces) how a transform (item or batch) of a name is rebuilt from its spec.</summary>
    public static void RegisterTransform(string name, Func<TransformSpec, object> build)
    {
        ArgumentNullException.ThrowIfNull(name);
        Transforms[name] = build ?? throw new ArgumentNullException(nameof(build));
    }

    /// <summary>The block a spec describes; an unknown kind or bad settings are an InvalidDataException.</summary>
    public static TransformBlock Block(BlockSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Blocks.TryGetValue(spec.Kind, out var build))
            throw new InvalidDataException($"no block kind '{Formats.Clip(spec.Kind)}' is registered (have: {string.Join(", ", Blocks.Keys.Order())})");
        return Rebuilt(() => build(spec), spec.Kind);
    }

    /// <summary>The transform a spec describes, of type T (IItemTransform or IBatchTransform); an unknown name or bad settings are an
    /// InvalidDataException.</summary>
    public static T Transform<T>(TransformSpec spec)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Transforms.TryGetValue(spec.Name, out var build))
            throw new InvalidDataException($"no transform '{Formats.Clip(spec.Name)}' is registered (have: {string.Join(", ", Transforms.Keys.Order())})");
        return Rebuilt(() => build(spec), spec.Name) as T ?? throw new InvalidDataException($"'{spec.Name}' is not a {typeof(T).Name}");
    }

    /// <summary>The spec of a transform: its own when it is exportable, else one naming its type (which rebuilding then refuses).</summary>
    public static TransformSpec SpecOf(object transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return transform is IExportableTransform e ? e.Spec() : new TransformSpec(transform.GetType().Name, []);
    }

    /// <summary>A setting of a spec read as an integer, or an InvalidDataException naming it.</summary>
    public static int IntSetting(TransformSpec spec, string key)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Args.TryGetValue(key, out var text) && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"{spec.Name}: the setting '{key}' is missing or not an integer");
    }

    /// <summary>A setting of a spec read as a number, or an InvalidDataException naming it.</summary>
    public static double NumberSetting(TransformSpec spec, string key)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Args.TryGetValue(key, out var text)
            && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
            && double.IsFinite(v)
            ? v : throw new InvalidDataException($"{spec.Name}: the setting '{key}' is missing or not a finite number");
    }

    private static T Rebuilt<T>(Func<T> build, string name)
    {
        try { return build(); }
        catch (Exception e) when (e is ArgumentException or OverflowException or FormatException)
        {
            throw new InvalidDataException($"{Formats.Clip(name)} cannot be rebuilt from its settings ({e.Message})", e);
        }
    }
}
