using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's Hooks: one Hook per module, with the same function and options; Stored lists what each kept, in the modules' order.</summary>
public sealed class Hooks : IDisposable
{
    private readonly List<Hook> _hooks;

    /// <summary>Hooks each module; see Hook for the options.</summary>
    public Hooks(IEnumerable<nn.Module<Tensor, Tensor>> modules, HookFunc hookFunc, bool isForward = true, bool detach = true, bool cpu = false)
    {
        ArgumentNullException.ThrowIfNull(modules);
        _hooks = [.. modules.Select(m => new Hook(m, hookFunc, isForward, detach, cpu))];
    }

    /// <summary>The hooks, in the modules' order.</summary>
    public IReadOnlyList<Hook> Items => _hooks;

    /// <summary>The number of hooks.</summary>
    public int Count => _hooks.Count;

    /// <summary>The hook of the i-th module.</summary>
    public Hook this[int index] => _hooks[index];

    /// <summary>What each hook kept the last time it fired (null for one that has not), in the modules' order.</summary>
    public IReadOnlyList<Tensor?> Stored => [.. _hooks.Select(h => h.Stored)];

    /// <summary>Disposes every hook's Stored (the hooks stay).</summary>
    public void Clear()
    {
        foreach (var h in _hooks) h.Clear();
    }

    /// <summary>Removes every hook.</summary>
    public void Remove()
    {
        foreach (var h in _hooks) h.Remove();
    }

    /// <inheritdoc />
    public void Dispose() => Remove();
}
