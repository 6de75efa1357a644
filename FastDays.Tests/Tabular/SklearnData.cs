using FastDays.Tabular.Data;

namespace FastDays.Tests.Tabular;

/// <summary>The real tables Debian's python3-sklearn ships as CSV files (scripts/test.sh installs it).</summary>
public static class SklearnData
{
    /// <summary>The folder of scikit-learn's bundled data files.</summary>
    public const string Folder = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    /// <summary>The 30 feature names of the breast cancer table (its CSV has none; scikit-learn's loader names them so).</summary>
    public static readonly string[] BreastCancerFeatures =
    [
        .. new[] { "mean", "error", "worst" }.SelectMany(kind => new[]
        {
            "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension",
        }.Select(f => kind == "error" ? $"{f} error" : $"{kind} {f}")),
    ];

    /// <summary>Boston housing without the B column: 506 rows, target MEDV.</summary>
    public static Table Boston() => Table.ReadCsv(File("boston_house_prices.csv"), new TableReadOptions { SkipRows = 1 }).Drop("B");

    /// <summary>Breast cancer: 569 rows, 30 features and target (0 malignant, 1 benign).</summary>
    public static Table BreastCancer() =>
        Table.ReadCsv(File("breast_cancer.csv"), new TableReadOptions { SkipRows = 1, HasHeader = false, Names = [.. BreastCancerFeatures, "target"] });

    private static string File(string name)
    {
        var path = Path.Combine(Folder, name);
        return System.IO.File.Exists(path) ? path
            : throw new FileNotFoundException($"{path} is missing: it comes with Debian's python3-sklearn (scripts/test.sh installs it)", path);
    }
}
