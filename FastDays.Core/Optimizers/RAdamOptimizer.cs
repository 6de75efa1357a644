using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Optimizers;

/// <summary>RAdam (Liu et al. 2019) with fastai's defaults (betas 0.9/0.99, eps 1e-5, decoupled weight decay 0.01): Adam whose adaptive step is
/// switched on only once the variance of its second moment is tractable, and rectified by how far that is; before then, momentum SGD.</summary>
public sealed class RAdamOptimizer : Optimizer
{
    /// <summary>Creates RAdam over parameter groups: lr, mom (beta1), sqrMom (beta2), eps, wd.</summary>
    public RAdamOptimizer(IEnumerable<IEnumerable<Parameter>> groups, double lr, double mom = 0.9, double sqrMom = 0.99, double eps = 1e-5,
        double wd = 0.01, bool decoupleWd = true)
        : base(groups, AdamHypers(lr, mom, sqrMom, eps, wd)) => DecoupleWd = decoupleWd;

    /// <summary>Whether weight decay multiplies the weights by 1 − lr·wd (fastai's) rather than adding wd·p to the gradient (L2, PyTorch's).</summary>
    public bool DecoupleWd { get; }

    /// <inheritdoc />
    protected override void Update(Tensor p, Tensor grad, ParamState state, IReadOnlyDictionary<string, double> hypers, double wd)
    {
        var (lr, mom, sqrMom, eps) = (hypers["lr"], hypers["mom"], hypers["sqr_mom"], hypers["eps"]);
        using var s = new ScalarScope();
        var (avg, sqrAvg) = AdamMoments(p, grad, state, hypers, wd, DecoupleWd, s);
        var step = state.Step;
        var debias1 = 1 - Math.Pow(mom, step);
        var debias2 = 1 - Math.Pow(sqrMom, step);
        // The length of the moving average's window (rho) against its limit: the adaptive step is trusted from a length of 5 on.
        var rhoInf = 2 / (1 - sqrMom) - 1;
        var rho = rhoInf - 2 * step * Math.Pow(sqrMom, step) / debias2;
        if (rho > 5)
        {
            var rect = Math.Sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
            p.addcdiv_(avg, sqrAvg.sqrt().div_(s.Of(Math.Sqrt(debias2))).add_(s.Of(eps), ScalarScope.One), value: s.Of(-lr * rect / debias1));
        }
        else p.add_(avg, alpha: s.Of(-lr / debias1));
    }
}
