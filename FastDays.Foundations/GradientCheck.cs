using static TorchSharp.torch;

namespace FastDays.Foundations;

/// <summary>Checks the hand-derived gradient of the logistic cost against autograd and centred finite differences.</summary>
public static class GradientCheck
{
    /// <summary>The name of the row comparing the hand-derived gradient with autograd's.</summary>
    public const string HandVsAutograd = "hand vs autograd";

    /// <summary>The name of the row comparing the hand-derived gradient with finite differences.</summary>
    public const string HandVsFiniteDifferences = "hand vs finite differences";

    /// <summary>The name of the row comparing autograd's gradient with finite differences.</summary>
    public const string AutogradVsFiniteDifferences = "autograd vs finite differences";

    /// <summary>The name of the row comparing the loop implementation with the hand-derived vectorized one.</summary>
    public const string LoopVsHand = "loop vs hand (vectorized)";

    /// <summary>Compares the gradients at (w, b) on X (n, m), Y (1, m); finite differences always run in float64.</summary>
    public static GradientCheckReport Run(Tensor x, Tensor y, Tensor w, Tensor b, double epsilon = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        if (epsilon <= 0) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "the finite-difference step must be positive");
        using var scope = NewDisposeScope();

        double[] hand, autograd;
        using (var model = new ScratchLogisticRegression(w, b))
        using (var gradients = model.Propagate(x, y))
            hand = gradients.ToArray();
        using (var module = new AutogradLogisticRegression(w, b))
        using (var gradients = module.Gradients(x, y))
            autograd = gradients.ToArray();
        var numeric = FiniteDifferences(x, y, w, b, epsilon);

        var xs = LoopLogisticRegression.ExamplesFromColumns(x);
        using var yFlat = y.detach().to_type(ScalarType.Float64).reshape(-1);
        using var wFlat = w.detach().to_type(ScalarType.Float64).reshape(-1);
        var loop = new LoopLogisticRegression(wFlat.data<double>().ToArray(), b.to_type(ScalarType.Float64).item<double>())
            .Propagate(xs, yFlat.data<double>().ToArray());

        return new GradientCheckReport(
        [
            Compare(HandVsAutograd, hand, autograd),
            Compare(HandVsFiniteDifferences, hand, numeric),
            Compare(AutogradVsFiniteDifferences, autograd, numeric),
            Compare(LoopVsHand, [.. loop.Dw, loop.Db], hand),
        ], epsilon);
    }

    /// <summary>The centred finite differences (J(θ+ε) − J(θ−ε)) / 2ε of the float64 cost for every weight and the bias, dw first.</summary>
    public static double[] FiniteDifferences(Tensor x, Tensor y, Tensor w, Tensor b, double epsilon = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        using var scope = NewDisposeScope();
        using var x64 = x.detach().to_type(ScalarType.Float64);
        using var y64 = y.detach().to_type(ScalarType.Float64);
        using var w64 = w.detach().to_type(ScalarType.Float64).reshape(-1);
        var theta = w64.data<double>().ToArray().Append(b.to_type(ScalarType.Float64).item<double>()).ToArray();
        var gradient = new double[theta.Length];
        for (var k = 0; k < theta.Length; k++)
        {
            var saved = theta[k];
            theta[k] = saved + epsilon;
            var plus = Cost(x64, y64, theta);
            theta[k] = saved - epsilon;
            var minus = Cost(x64, y64, theta);
            theta[k] = saved;
            gradient[k] = (plus - minus) / (2 * epsilon);
        }
        return gradient;
    }

    /// <summary>The largest absolute difference and the relative error ‖a − b‖ / (‖a‖ + ‖b‖) of two gradients.</summary>
    public static GradientCheckRow Compare(string comparison, IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException($"{comparison}: gradients of {a.Count} and {b.Count} entries cannot be compared");
        double maxAbs = 0, diff = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Count; i++)
        {
            var d = a[i] - b[i];
            maxAbs = Math.Max(maxAbs, Math.Abs(d));
            diff += d * d;
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        var denominator = Math.Sqrt(normA) + Math.Sqrt(normB);
        return new GradientCheckRow(comparison, maxAbs, denominator == 0 ? 0 : Math.Sqrt(diff) / denominator);
    }

    private static double Cost(Tensor x, Tensor y, double[] theta)
    {
        using var scope = NewDisposeScope();
        var n = theta.Length - 1;
        var w = tensor(theta.AsSpan(0, n).ToArray(), [n, 1], dtype: ScalarType.Float64);
        using var s = new ScalarScope();
        var z = w.t().mm(x).add(s.Of(theta[n]), ScalarScope.One);
        return LogisticMath.Cost(z, y).item<double>();
    }
}
