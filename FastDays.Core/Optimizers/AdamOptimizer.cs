using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Optimizers;

/// <summary>Adam with fastai's defaults (betas 0.9/0.99, eps 1e-5, decoupled weight decay 0.01, i.e. AdamW); decoupleWd false gives PyTorch's Adam
/// with L2.</summary>
public sealed class AdamOptimizer : Optimizer
{

    /// <summary>Creates Adam over parameter groups: lr, mom (beta1), sqrMom (beta2), eps, wd.</summary>
    public AdamOptimizer(IEnumerable<IEnumerable<Parameter>> groups, double lr, double mom = 0.9, double sqrMom = 0.99, double eps = 1e-5,
        double wd = 0.01, bool decoupleWd = true)
        : base(groups, AdamHypers(lr, mom, sqrMom, eps, wd)) => DecoupleWd = decoupleWd;

    /// <summary>Creates Adam over one group of parameters.</summary>
    public AdamOptimizer(IEnumerable<Parameter> parameters, double lr, double mom = 0.9, double sqrMom = 0.99, double eps = 1e-5, double wd = 0.01,
        bool decoupleWd = true)
        : this([parameters], lr, mom, sqrMom, eps, wd, decoupleWd) { }

    /// <summary>Whether weight decay multiplies the weights by 1 − lr·wd (fastai's and AdamW's) rather than adding wd·p to the gradient (L2).</summary>
    public bool DecoupleWd { get; }

    /// <inheritdoc />
    protected override void Update(Tensor p, Tensor grad, ParamState state, IReadOnlyDictionary<string, double> hypers, double wd)
    {
        var (lr, mom, sqrMom, eps) = (hypers["lr"], hypers["mom"], hypers["sqr_mom"], hypers["eps"]);
        using var s = new ScalarScope();
        var (avg, sqrAvg) = AdamMoments(p, grad, state, hypers, wd, DecoupleWd, s);
        var step = state.Step;
        var debias1 = 1 - Math.Pow(mom, step);
        var debias2 = Math.Sqrt(1 - Math.Pow(sqrMom, step));
        p.addcdiv_(avg, sqrAvg.sqrt().div_(s.Of(debias2)).add_(s.Of(eps), ScalarScope.One), value: s.Of(-lr / debias1));
    }
}
