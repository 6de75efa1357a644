using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Foundations;

/// <summary>Logistic regression as a TorchSharp module whose gradients come from autograd and whose steps are plain SGD.</summary>
/// <remarks>Same layout as <see cref="ScratchLogisticRegression"/>: X is (n, m), Y is (1, m), weight is (n, 1), bias is 0-dim.</remarks>
public sealed class AutogradLogisticRegression : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;

    /// <summary>Starts from copies of w (n, 1) and b (one element), registered as the parameters weight and bias.</summary>
    public AutogradLogisticRegression(Tensor w, Tensor b) : base(nameof(AutogradLogisticRegression))
    {
        LogisticMath.CheckParameters(w, b);
        using (var scope = NewDisposeScope())
        {
            _weight = new Parameter(w.detach().clone());
            _bias = new Parameter(b.detach().reshape().to_type(w.dtype).clone());
            _weight.DetachFromDisposeScope();
            _bias.DetachFromDisposeScope();
        }
        register_parameter("weight", _weight);
        register_parameter("bias", _bias);
    }

    /// <summary>The weights, shape (n, 1).</summary>
    public Parameter Weight => _weight;

    /// <summary>The bias, 0-dim.</summary>
    public Parameter Bias => _bias;

    /// <summary>The logits Z = wᵀX + b, shape (1, m); the sigmoid is folded into <see cref="Cost"/>.</summary>
    public override Tensor forward(Tensor input)
    {
        LogisticMath.CheckInputs(input, _weight.shape[0]);
        using var wt = _weight.t();
        using var wx = wt.mm(input);
        return wx.add(_bias, ScalarScope.One);
    }

    /// <summary>The cost J = −mean[y log σ(z) + (1−y) log(1−σ(z))], with log σ(z) = −log(1+e^−z) taken by logaddexp so it is finite for any z.</summary>
    /// <remarks>
    /// log(1−σ(z)) = −log(1+e^z); torch.logaddexp(0, t) = log(e^0 + e^t) never overflows and autograd differentiates it to
    /// σ(t) exactly, so the gradient is σ(z) − y everywhere (libtorch's log_sigmoid gives the same numbers but was
    /// erratically slow on small inputs on a busy 2-core machine).
    /// </remarks>
    public static Tensor Cost(Tensor z, Tensor y)
    {
        LogisticMath.CheckSameShape(z, y);
        using var scope = NewDisposeScope();
        var zero = zeros_like(z);
        var minusLogA = logaddexp(zero, z.neg());             // −log σ(z) = log(1 + e^−z)
        var minusLogOneMinusA = logaddexp(zero, z);           // −log(1 − σ(z)) = log(1 + e^z)
        var oneMinusY = ones_like(y).sub(y);
        return y.mul(minusLogA).add(oneMinusY.mul(minusLogOneMinusA), ScalarScope.One).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Runs forward and loss.backward() once and returns copies of weight.grad, bias.grad and the cost.</summary>
    public LogisticGradients Gradients(Tensor x, Tensor y)
    {
        zero_grad();
        using var scope = NewDisposeScope();
        var cost = Cost(forward(x), y);
        cost.backward();
        var dw = _weight.grad ?? throw new InvalidOperationException("autograd produced no gradient for weight");
        var db = _bias.grad ?? throw new InvalidOperationException("autograd produced no gradient for bias");
        return new LogisticGradients(dw.clone(), db.clone(), cost.to_type(ScalarType.Float64).item<double>());
    }

    /// <summary>Trains with torch.optim.SGD on the whole batch and returns the cost before each step.</summary>
    public double[] Fit(Tensor x, Tensor y, int iterations, double learningRate, Action<int, double>? onIteration = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        var costs = new double[iterations];
        using var optimizer = optim.SGD(parameters(), learningRate);
        for (var i = 0; i < iterations; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var cost = Cost(forward(x), y);
            cost.backward();
            optimizer.step();
            costs[i] = cost.to_type(ScalarType.Float64).item<double>();
            onIteration?.Invoke(i, costs[i]);
        }
        return costs;
    }

    /// <summary>The fraction of examples whose predicted label (z &gt; 0) equals Y.</summary>
    public double Accuracy(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return forward(x).gt(zeros([], dtype: _weight.dtype)).to_type(y.dtype).eq(y).to_type(ScalarType.Float64).mean().item<double>();
    }
}
