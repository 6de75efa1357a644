using FastDays.Examples.Tabular;
using FastDays.Tabular.Data;

namespace FastDays.Tests.Tabular;

/// <summary>The real tables Debian's python3-sklearn ships as CSV files (scripts/test.sh installs it), read as the examples read them.</summary>
public static class SklearnData
{
    /// <summary>Boston housing without the B column: 506 rows, target MEDV.</summary>
    public static Table Boston() => SklearnTables.Boston();

    /// <summary>Breast cancer: 569 rows, 30 features and target (0 malignant, 1 benign).</summary>
    public static Table BreastCancer() => SklearnTables.BreastCancer();
}
