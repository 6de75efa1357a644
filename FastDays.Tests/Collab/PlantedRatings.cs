using System.Globalization;
using FastDays.Tabular.Data;

namespace FastDays.Tests.Collab;

/// <summary>Ratings made from planted factors: rating = 3 + user bias + item bias + user factors · item factors + noise, for a random share of the
/// (user, item) pairs, so a model's learned factors can be compared with the truth.</summary>
internal sealed class PlantedRatings
{
    public PlantedRatings(int users, int items, int factors, double share, double noise, int seed)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        (U, V) = (Matrix(users, factors, () => Normal() / Math.Sqrt(factors)), Matrix(items, factors, () => Normal() / Math.Sqrt(factors)));
        (UserBias, ItemBias) = ([.. Enumerable.Range(0, users).Select(_ => 0.3 * Normal())], [.. Enumerable.Range(0, items).Select(_ => 0.3 * Normal())]);
        var rows = new List<(string, string, string)>();
        for (var u = 0; u < users; u++)
            for (var i = 0; i < items; i++)
                if (rng.NextDouble() < share)
                    rows.Add(($"u{u}", $"i{i}", (Truth(u, i) + (noise * Normal())).ToString("R", CultureInfo.InvariantCulture)));
        Table = new Table(["user", "item", "rating"], [[.. rows.Select(r => r.Item1)], [.. rows.Select(r => r.Item2)], [.. rows.Select(r => r.Item3)]],
            "planted");
    }

    public double[][] U { get; }

    public double[][] V { get; }

    public double[] UserBias { get; }

    public double[] ItemBias { get; }

    public Table Table { get; }

    /// <summary>The noiseless rating of user u for item i.</summary>
    public double Truth(int u, int i) => 3 + UserBias[u] + ItemBias[i] + U[u].Zip(V[i], (a, b) => a * b).Sum();

    private static double[][] Matrix(int rows, int cols, Func<double> draw) => [.. Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, cols)
        .Select(_ => draw()).ToArray())];
}
