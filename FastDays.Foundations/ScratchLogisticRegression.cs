using static TorchSharp.torch;

namespace FastDays.Foundations;

/// <summary>Logistic regression from scratch: vectorized tensor code with hand-derived gradients and autograd off.</summary>
/// <remarks>Examples are columns, as in the course: X is (n, m), Y is (1, m), w is (n, 1) and b is a scalar.</remarks>
public sealed class ScratchLogisticRegression : IDisposable
{
    /// <summary>Starts from copies of w (n, 1) and b (0-dim or one element).</summary>
    public ScratchLogisticRegression(Tensor w, Tensor b)
    {
        LogisticMath.CheckParameters(w, b);
        using var scope = NewDisposeScope();
        W = w.detach().clone().DetachFromDisposeScope();
        B = b.detach().reshape().to_type(w.dtype).clone().DetachFromDisposeScope();
    }

    /// <summary>The weights, shape (n, 1).</summary>
    public Tensor W { get; }

    /// <summary>The bias, a 0-dim tensor.</summary>
    public Tensor B { get; }

    /// <summary>The course's initialize_with_zeros: w = 0 of shape (n, 1) and b = 0.</summary>
    public static ScratchLogisticRegression InitializeWithZeros(long features, ScalarType dtype = ScalarType.Float64)
    {
        using var w = zeros(features, 1, dtype: dtype);
        using var b = zeros([], dtype: dtype);
        return new ScratchLogisticRegression(w, b);
    }

    /// <summary>The logits Z = wᵀX + b, shape (1, m).</summary>
    public Tensor Logits(Tensor x)
    {
        CheckX(x);
        using var _ = no_grad();
        using var wt = W.t();
        using var wx = wt.mm(x);
        return wx.add(B, ScalarScope.One);
    }

    /// <summary>The forward pass A = σ(wᵀX + b), shape (1, m).</summary>
    public Tensor Forward(Tensor x)
    {
        using var z = Logits(x);
        return z.sigmoid();
    }

    /// <summary>The course's propagate: cost J and the hand-derived gradients dw = X(A−Y)ᵀ/m and db = mean(A−Y).</summary>
    public LogisticGradients Propagate(Tensor x, Tensor y)
    {
        CheckY(x, y);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var m = x.shape[1];
        var z = Logits(x);                         // (1, m)
        var dz = z.sigmoid().sub(y);               // (1, m): A − Y
        using var s = new ScalarScope();
        var dw = x.mm(dz.t()).div(s.Of(m));        // (n, 1)
        var db = dz.mean();                        // ()
        var cost = LogisticMath.Cost(z, y).to_type(ScalarType.Float64).item<double>();
        return new LogisticGradients(dw, db, cost);
    }

    /// <summary>One gradient-descent step: w −= lr·dw, b −= lr·db.</summary>
    public void Update(LogisticGradients gradients, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        using var _ = no_grad();
        using var s = new ScalarScope();
        W.add_(gradients.Dw, alpha: s.Of(-learningRate));
        B.add_(gradients.Db, alpha: s.Of(-learningRate));
    }

    /// <summary>The course's optimize: runs gradient descent and returns the cost before each step.</summary>
    public double[] Optimize(Tensor x, Tensor y, int iterations, double learningRate, Action<int, double>? onIteration = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        var costs = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            using var gradients = Propagate(x, y);
            Update(gradients, learningRate);
            costs[i] = gradients.Cost;
            onIteration?.Invoke(i, gradients.Cost);
        }
        return costs;
    }

    /// <summary>The predicted labels, 1 where σ(z) &gt; 0.5 (that is z &gt; 0) and 0 elsewhere, shape (1, m).</summary>
    public Tensor Predict(Tensor x)
    {
        using var z = Logits(x);
        using var zero = zeros([], dtype: z.dtype);
        using var positive = z.gt(zero);
        return positive.to_type(W.dtype);
    }

    /// <summary>The fraction of examples whose predicted label equals Y.</summary>
    public double Accuracy(Tensor x, Tensor y)
    {
        CheckY(x, y);
        using var scope = NewDisposeScope();
        return Predict(x).eq(y).to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        W.Dispose();
        B.Dispose();
    }

    private void CheckX(Tensor x) => LogisticMath.CheckInputs(x, W.shape[0]);

    private void CheckY(Tensor x, Tensor y)
    {
        CheckX(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.dim() != 2 || y.shape[0] != 1 || y.shape[1] != x.shape[1])
            throw new ArgumentException($"Y must have shape (1, {x.shape[1]}), got {LogisticMath.Tuple(y)}");
    }
}
