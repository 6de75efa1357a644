using FastDays.Tabular.Data;
using static TorchSharp.torch;

namespace FastDays.Tabular.Learning;

/// <summary>Ordinary least squares on a table's numeric columns (with an intercept): the baseline a tabular network should beat.</summary>
public static class LinearBaseline
{
    /// <summary>Fits y ≈ Xw + b on the training rows by least squares (float64) and returns the validation RMSE; columns must be numeric,
    /// missing values take the training median.</summary>
    public static double LeastSquaresRmse(Table train, Table valid, string yName, IReadOnlyList<string> xNames)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(valid);
        var medians =
            xNames.ToDictionary(n => n, n => Statistics.Median(train[n].Select(v => v is not null && Table.TryNumber(v, out var d) ? d : double.NaN)));
        using var scope = NewDisposeScope();
        var (xTrain, yTrain) = (Design(train, xNames, medians), Column(train[yName]));
        var (xValid, yValid) = (Design(valid, xNames, medians), Column(valid[yName]));
        var w = linalg.lstsq(xTrain, yTrain.unsqueeze(1)).Solution;
        var error = xValid.matmul(w).squeeze(1).sub(yValid);
        return Math.Sqrt(error.mul(error).mean().item<double>());
    }

    private static Tensor Design(Table t, IReadOnlyList<string> names, Dictionary<string, double> medians)
    {
        var x = new double[t.RowCount * (names.Count + 1)];
        for (var i = 0; i < t.RowCount; i++)
        {
            x[i * (names.Count + 1)] = 1;
            for (var j = 0; j < names.Count; j++)
                x[i * (names.Count + 1) + j + 1] = t[names[j]][i] is { } v && Table.TryNumber(v, out var d) ? d : medians[names[j]];
        }
        return tensor(x, [t.RowCount, names.Count + 1], ScalarType.Float64);
    }

    private static Tensor Column(IReadOnlyList<string?> values) =>
        tensor(values.Select(v => v is not null && Table.TryNumber(v, out var d) ? d : double.NaN).ToArray(), ScalarType.Float64);
}
