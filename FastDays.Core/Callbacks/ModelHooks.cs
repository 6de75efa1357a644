using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's hook helpers: hooks that keep a module's output (or the gradient reaching it), and the shapes a model's layers produce.</summary>
public static class ModelHooks
{
    /// <summary>fastai's hook_output: a hook keeping the module's output (grad: the gradient with respect to its output) in Stored.</summary>
    public static Hook HookOutput(nn.Module<Tensor, Tensor> module, bool detach = true, bool cpu = false, bool grad = false) =>
        new(module, KeepOutput, isForward: !grad, detach: detach, cpu: cpu);

    /// <summary>fastai's hook_outputs: one output-keeping hook per module.</summary>
    public static Hooks HookOutputs(IEnumerable<nn.Module<Tensor, Tensor>> modules, bool detach = true, bool cpu = false, bool grad = false) =>
        new(modules, KeepOutput, isForward: !grad, detach: detach, cpu: cpu);

    /// <summary>fastai's dummy_eval: the model's output, in eval mode and without gradients, for a batch of one zero image of the given size.</summary>
    public static Tensor DummyEval(nn.Module<Tensor, Tensor> model, (long Height, long Width) size, int nIn = 3)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var training = model.training;
        model.eval();
        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        try { return Modules.QuietForward.Run(model, zeros([1, nIn, size.Height, size.Width], device: device)).MoveToOuterDisposeScope(); }
        finally { if (training) model.train(); }
    }

    /// <summary>fastai's model_sizes: the output shape of each module, from a dummy evaluation of the model they belong to (which calls each of them).
    /// </summary>
    public static IReadOnlyList<long[]> ModelSizes(nn.Module<Tensor, Tensor> model, IReadOnlyList<nn.Module<Tensor, Tensor>> modules,
        (long Height, long Width) size, int nIn = 3)
    {
        using var hooks = HookOutputs(modules);
        DummyEval(model, size, nIn).Dispose();
        // The shapes of a batch of one (a dummy evaluation on the CPU may run two items, see QuietForward).
        var sizes = new List<long[]>();
        for (var i = 0; i < hooks.Count; i++)
            sizes.Add(hooks[i].Stored is { } stored ? [1, .. stored.shape[1..]]
                : throw new InvalidOperationException($"module {i} ({modules[i].GetType().Name}) was not called by the model's forward pass"));
        return sizes;
    }

    private static Tensor? KeepOutput(nn.Module module, Tensor? input, Tensor output) => output;
}
