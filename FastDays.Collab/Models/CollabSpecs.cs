using System.Globalization;
using FastDays.Modules;

namespace FastDays.Collab.Models;

/// <summary>The ModelZoo entries of the collab models (EmbeddingNN is saved as the TabularModel it is), so that an export rebuilds them.</summary>
public static class CollabSpecs
{
    /// <summary>The spec of a DotProductBias.</summary>
    public static ModelSpec DotProductBias(int nUsers, int nItems, int nFactors, (double Low, double High)? yRange) =>
        new(Models.DotProductBias.ArchName, Args(nUsers, nItems, nFactors, yRange));

    /// <summary>The spec of an EmbeddingDotBias.</summary>
    public static ModelSpec EmbeddingDotBias(int nFactors, int nUsers, int nItems, (double Low, double High)? yRange) =>
        new(Models.EmbeddingDotBias.ArchName, Args(nUsers, nItems, nFactors, yRange));

    /// <summary>Registers both architectures in the ModelZoo (this assembly's module initializer calls it).</summary>
    public static void Register()
    {
        ModelZoo.Register(Models.DotProductBias.ArchName, s => new DotProductBias(s.GetInt("n_users"), s.GetInt("n_items"), s.GetInt("n_factors"), Range(s)),
            Count);
        ModelZoo.Register(Models.EmbeddingDotBias.ArchName, s => new EmbeddingDotBias(s.GetInt("n_factors"), s.GetInt("n_users"), s.GetInt("n_items"),
            Range(s)), Count);
    }

    private static Dictionary<string, string> Args(int nUsers, int nItems, int nFactors, (double Low, double High)? yRange) => new()
    {
        ["n_users"] = nUsers.ToString(CultureInfo.InvariantCulture),
        ["n_items"] = nItems.ToString(CultureInfo.InvariantCulture),
        ["n_factors"] = nFactors.ToString(CultureInfo.InvariantCulture),
        ["y_range"] = yRange is { } r ? FormattableString.Invariant($"{r.Low:R},{r.High:R}") : "",
    };

    // A factor and a bias per user and per item.
    private static double Count(ModelSpec s) => ((double)s.GetInt("n_users") + s.GetInt("n_items")) * (s.GetInt("n_factors") + 1);

    private static (double, double)? Range(ModelSpec s)
    {
        var parts = s.Get("y_range").Split(',');
        if (parts is not [var lo, var hi]) return null;
        return double.TryParse(lo, CultureInfo.InvariantCulture, out var l) && double.TryParse(hi, CultureInfo.InvariantCulture, out var h) ? (l, h)
            : throw new FormatException($"model '{s.Arch}': bad y_range '{Formats.Clip(s.Get("y_range"))}'");
    }
}
