namespace FastDays.Foundations;

/// <summary>Logistic regression without vectorization: explicit loops over examples and features on plain C# arrays.</summary>
/// <remarks>X is stored example after example (x[i·n + j] is feature j of example i) so the inner loop walks memory in order.</remarks>
public sealed class LoopLogisticRegression
{
    /// <summary>Starts from copies of w (one weight per feature) and b.</summary>
    public LoopLogisticRegression(IReadOnlyList<double> w, double b)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (w.Count == 0) throw new ArgumentException("w needs at least one feature");
        W = [.. w];
        B = b;
    }

    /// <summary>The weights, one per feature.</summary>
    public double[] W { get; }

    /// <summary>The bias.</summary>
    public double B { get; private set; }

    /// <summary>The number of features n.</summary>
    public int Features => W.Length;

    /// <summary>Cost and gradients by looping over the m examples and, inside, over the n features.</summary>
    public LoopGradients Propagate(double[] x, double[] y)
    {
        var m = CheckShapes(x, y);
        var n = W.Length;
        var dw = new double[n];
        double db = 0, cost = 0;
        for (var i = 0; i < m; i++)
        {
            var offset = i * n;
            var z = B;
            for (var j = 0; j < n; j++) z += W[j] * x[offset + j];
            var a = LogisticMath.Sigmoid(z);
            cost += LogisticMath.Loss(z, y[i]);
            var dz = a - y[i];
            for (var j = 0; j < n; j++) dw[j] += x[offset + j] * dz;
            db += dz;
        }
        for (var j = 0; j < n; j++) dw[j] /= m;
        return new LoopGradients(dw, db / m, cost / m);
    }

    /// <summary>One gradient-descent step: w −= lr·dw, b −= lr·db.</summary>
    public void Update(LoopGradients gradients, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Dw.Length != W.Length) throw new ArgumentException($"dw has {gradients.Dw.Length} entries but w has {W.Length}");
        for (var j = 0; j < W.Length; j++) W[j] -= learningRate * gradients.Dw[j];
        B -= learningRate * gradients.Db;
    }

    /// <summary>Runs gradient descent and returns the cost before each step.</summary>
    public double[] Optimize(double[] x, double[] y, int iterations, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        var costs = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var gradients = Propagate(x, y);
            Update(gradients, learningRate);
            costs[i] = gradients.Cost;
        }
        return costs;
    }

    /// <summary>The predicted label (0 or 1) of every example.</summary>
    public double[] Predict(double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length % W.Length != 0) throw new ArgumentException($"x has {x.Length} numbers, not a whole number of examples of {W.Length} features");
        var m = x.Length / W.Length;
        var labels = new double[m];
        for (var i = 0; i < m; i++)
        {
            var z = B;
            for (var j = 0; j < W.Length; j++) z += W[j] * x[i * W.Length + j];
            labels[i] = z > 0 ? 1 : 0;
        }
        return labels;
    }

    /// <summary>Copies X of shape (n, m), examples as columns, into a float64 array laid out example after example.</summary>
    public static double[] ExamplesFromColumns(TorchSharp.torch.Tensor x)
    {
        LogisticMath.CheckInputs(x, null);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var rows = x.detach().t().to_type(TorchSharp.torch.ScalarType.Float64).contiguous();   // (m, n)
        return rows.data<double>().ToArray();
    }

    private int CheckShapes(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != (long)y.Length * W.Length)
            throw new ArgumentException($"x has {x.Length} numbers but {y.Length} examples of {W.Length} features need {(long)y.Length * W.Length}");
        return y.Length;
    }
}
