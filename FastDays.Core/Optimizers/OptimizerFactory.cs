using TorchSharp.Modules;

namespace FastDays.Optimizers;

/// <summary>Makes an optimizer for parameter groups at a learning rate (fastai's opt_func).</summary>
public delegate Optimizer OptimizerFactory(IReadOnlyList<IReadOnlyList<Parameter>> groups, double lr);
