using FastDays.Tabular.Data;

namespace FastDays.Examples.Tabular;

/// <summary>The real tables Debian's python3-sklearn ships as CSV files, read as the examples use them.</summary>
internal static class SklearnTables
{
    /// <summary>Where Debian's python3-sklearn keeps them.</summary>
    public const string DebianFolder = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    /// <summary>Why the B column is dropped, as the examples say it.</summary>
    public const string WhyNoB = "B encodes the share of Black residents in a way that assumes segregation is good for prices, the reason " +
        "scikit-learn 1.2 removed load_boston";

    /// <summary>scikit-learn's feature names of the breast cancer table, whose CSV has none.</summary>
    public static IReadOnlyList<string> BreastCancerFeatures { get; } =
    [
        .. new[] { "mean", "error", "worst" }.SelectMany(kind => new[]
        {
            "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension",
        }.Select(f => kind == "error" ? $"{f} error" : $"{kind} {f}")),
    ];

    /// <summary>Boston housing without the B column: 506 districts, target MEDV (the median home value, $1000s).</summary>
    public static Table Boston(string folder = DebianFolder) =>
        Table.ReadCsv(File(folder, "boston_house_prices.csv"), new TableReadOptions { SkipRows = 1 }).Drop("B");

    /// <summary>Breast cancer: 569 tumours, 30 measurements and target (0 malignant, 1 benign).</summary>
    public static Table BreastCancer(string folder = DebianFolder) =>
        Table.ReadCsv(File(folder, "breast_cancer.csv"), new TableReadOptions { SkipRows = 1, HasHeader = false, Names = [.. BreastCancerFeatures, "target"] });

    private static string File(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return System.IO.File.Exists(path) ? path
            : throw new FileNotFoundException($"{path} is missing: it comes with Debian's python3-sklearn (scripts/test.sh installs it)", path);
    }
}
