namespace FastDays.Optimizers;

/// <summary>Ready-made optimizer factories with fastai's defaults, to pass as a learner's optFunc.</summary>
public static class OptFuncs
{
    /// <summary>Adam with decoupled weight decay (fastai's default optimizer): betas 0.9/0.99, eps 1e-5, wd 0.01.</summary>
    public static OptimizerFactory Adam(double mom = 0.9, double sqrMom = 0.99, double eps = 1e-5, double wd = 0.01) =>
        (groups, lr) => new AdamOptimizer(groups, lr, mom, sqrMom, eps, wd, decoupleWd: true);

    /// <summary>SGD with momentum and decoupled weight decay.</summary>
    public static OptimizerFactory Sgd(double mom = 0.9, double wd = 0.0) =>
        (groups, lr) => new SgdOptimizer(groups, lr, mom, wd, decoupleWd: true);

    /// <summary>RAdam with fastai's defaults: betas 0.9/0.99, eps 1e-5, decoupled weight decay 0.01.</summary>
    public static OptimizerFactory RAdam(double mom = 0.9, double sqrMom = 0.99, double eps = 1e-5, double wd = 0.01) =>
        (groups, lr) => new RAdamOptimizer(groups, lr, mom, sqrMom, eps, wd, decoupleWd: true);

    /// <summary>fastai's ranger: Lookahead (k 6, alpha 0.5) around RAdam with betas 0.95/0.99, eps 1e-6 and decoupled weight decay 0.01.</summary>
    public static OptimizerFactory Ranger(double mom = 0.95, double sqrMom = 0.99, double eps = 1e-6, double wd = 0.01, int k = 6, double alpha = 0.5) =>
        Lookahead(RAdam(mom, sqrMom, eps, wd), k, alpha);

    /// <summary>Lookahead around another optimizer (fastai's Lookahead): every k updates the weights go back to their slow copy plus alpha of the way
    /// the k updates took them.</summary>
    public static OptimizerFactory Lookahead(OptimizerFactory inner, int k = 6, double alpha = 0.5)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var options = new LookaheadOptions(k, alpha);
        return (groups, lr) =>
        {
            var opt = inner(groups, lr);
            opt.Lookahead = options;
            return opt;
        };
    }
}
