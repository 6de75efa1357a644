using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Optimizers;

/// <summary>Stochastic gradient descent with optional momentum; weight decay decoupled (fastai's default) or as L2 (PyTorch's).</summary>
public sealed class SgdOptimizer : Optimizer
{

    /// <summary>Creates SGD over parameter groups: lr, momentum mom, weight decay wd.</summary>
    public SgdOptimizer(IEnumerable<IEnumerable<Parameter>> groups, double lr, double mom = 0.0, double wd = 0.0, bool decoupleWd = true)
        : base(groups, new Dictionary<string, double> { ["lr"] = lr, ["mom"] = mom, ["wd"] = wd }) => DecoupleWd = decoupleWd;

    /// <summary>Creates SGD over one group of parameters.</summary>
    public SgdOptimizer(IEnumerable<Parameter> parameters, double lr, double mom = 0.0, double wd = 0.0, bool decoupleWd = true)
        : this([parameters], lr, mom, wd, decoupleWd) { }

    /// <summary>Whether weight decay multiplies the weights by 1 − lr·wd (fastai's and AdamW's) rather than adding wd·p to the gradient (L2).</summary>
    public bool DecoupleWd { get; }

    /// <inheritdoc />
    protected override void Update(Tensor p, Tensor grad, ParamState state, IReadOnlyDictionary<string, double> hypers, double wd)
    {
        var (lr, mom) = (hypers["lr"], hypers["mom"]);
        using var s = new ScalarScope();
        if (wd != 0 && DecoupleWd) p.mul_(s.Of(1 - lr * wd));
        else if (wd != 0) grad = grad.add(p, alpha: s.Of(wd));
        if (mom != 0)
        {
            var first = !state.ContainsKey("grad_avg");
            var avg = StateTensor(state, "grad_avg", p);
            if (first) avg.copy_(grad); else avg.mul_(s.Of(mom)).add_(grad, ScalarScope.One);
            grad = avg;
        }
        p.add_(grad, alpha: s.Of(-lr));
    }
}
