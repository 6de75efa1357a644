using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's Hook: runs a function on a module's forward pass (or on the gradient reaching its output in the backward pass) and keeps what it
/// returns in Stored until the next call; by default the module's tensors are detached first, so that keeping them costs no graph. Dispose removes it.
/// </summary>
public sealed class Hook : IDisposable
{
    private readonly HookFunc _hookFunc;
    private readonly bool _detach;
    private readonly bool _cpu;
    private Action? _remove;

    /// <summary>Hooks a module.</summary>
    /// <param name="module">The module whose forward pass fires the hook.</param>
    /// <param name="hookFunc">What to compute and keep; see HookFunc.</param>
    /// <param name="isForward">Whether to fire on the forward pass (true) or when the gradient with respect to the module's output is computed.</param>
    /// <param name="detach">Whether the tensors handed to hookFunc are detached from the graph (false keeps gradients flowing through what it returns,
    /// as a U-Net's skip connections need).</param>
    /// <param name="cpu">Whether Stored is copied to the CPU.</param>
    public Hook(nn.Module<Tensor, Tensor> module, HookFunc hookFunc, bool isForward = true, bool detach = true, bool cpu = false)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(hookFunc);
        (_hookFunc, _detach, _cpu, IsForward) = (hookFunc, detach, cpu, isForward);
        var handle = isForward ? module.register_forward_hook(Forward) : module.register_forward_hook(WrapForBackward);
        _remove = handle.remove;
    }

    /// <summary>Whether the hook fires on the forward pass rather than the backward one.</summary>
    public bool IsForward { get; }

    /// <summary>What the hook function returned the last time it fired (null before), owned by the hook: valid until the next call or Remove.</summary>
    public Tensor? Stored { get; private set; }

    /// <summary>Whether Remove has run.</summary>
    public bool Removed => _remove is null;

    /// <summary>Removes the hook from the module and disposes Stored.</summary>
    public void Remove()
    {
        _remove?.Invoke();
        _remove = null;
        Clear();
    }

    /// <summary>Disposes Stored (the hook stays): what a model that hooks itself calls after a forward pass, so no activation outlives it.</summary>
    public void Clear()
    {
        Stored?.Dispose();
        Stored = null;
    }

    /// <inheritdoc />
    public void Dispose() => Remove();

    private Tensor Forward(nn.Module<Tensor, Tensor> module, Tensor input, Tensor output)
    {
        using var scope = NewDisposeScope();
        var (i, o) = _detach ? (input.detach(), output.detach()) : (input, output);
        Store(_hookFunc(module, i, o));
        return output;
    }

    private Tensor WrapForBackward(nn.Module<Tensor, Tensor> module, Tensor input, Tensor output)
    {
        if (!output.requires_grad) return output;
        return BackwardHookFunction.apply(output, (Action<Tensor>)(grad =>
        {
            using var scope = NewDisposeScope();
            Store(_hookFunc(module, null, _detach ? grad.detach() : grad));
        }));
    }

    // Keeps a handle of its own to the value (an alias, so the caller's handle can go with its scope), outside every dispose scope.
    private void Store(Tensor? value)
    {
        var owned = value is null ? null : _cpu ? value.cpu().alias() : value.alias();
        owned?.DetachFromDisposeScope();
        Stored?.Dispose();
        Stored = owned;
    }
}
