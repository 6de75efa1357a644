using FastDays.Learning;
using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's HookCallback: hooks the given modules (by default every module with parameters of its own) when a fit begins and removes the
/// hooks when it ends; subclasses say what a hook keeps (Hook) and read it after each batch (Hooks.Stored).</summary>
public abstract class HookCallback : Callback, IDisposable
{
    private readonly IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Module)>? _given;
    private readonly List<(string Name, nn.Module<Tensor, Tensor> Module)> _modules = [];

    /// <summary>Watches the modules given, or (when null) every module of the model holding parameters of its own.</summary>
    /// <param name="modules">The modules to hook, named for plots and reports.</param>
    /// <param name="isForward">Whether the hooks fire on the forward pass or on the gradient of the modules' outputs.</param>
    /// <param name="detach">Whether the hook sees tensors detached from the graph.</param>
    /// <param name="cpu">Whether what the hooks keep is copied to the CPU.</param>
    protected HookCallback(IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)>? modules = null, bool isForward = true, bool detach = true,
        bool cpu = false)
    {
        _given = modules?.ToList();
        (IsForward, Detach, Cpu) = (isForward, detach, cpu);
    }

    /// <summary>Whether the hooks fire on the forward pass.</summary>
    public bool IsForward { get; }

    /// <summary>Whether the hooks see detached tensors.</summary>
    public bool Detach { get; }

    /// <summary>Whether what the hooks keep is copied to the CPU.</summary>
    public bool Cpu { get; }

    /// <summary>The hooked modules' names, in model order.</summary>
    public IReadOnlyList<string> Layers => [.. _modules.Select(m => m.Name)];

    /// <summary>The hooks while a fit runs (null otherwise).</summary>
    protected Hooks? Hooks { get; private set; }

    /// <summary>What each hook keeps when it fires.</summary>
    protected abstract Tensor? Hook(nn.Module layer, Tensor? input, Tensor output);

    /// <inheritdoc />
    public override void BeforeFit()
    {
        RemoveHooks();
        _modules.Clear();
        _modules.AddRange(_given ?? ModulesWithParameters(Learn.Model));
        Hooks = new Hooks(_modules.Select(m => m.Module), Hook, IsForward, Detach, Cpu);
    }

    /// <inheritdoc />
    public override void Cleanup() => RemoveHooks();

    /// <summary>Removes the hooks.</summary>
    public void Dispose()
    {
        RemoveHooks();
        GC.SuppressFinalize(this);
    }

    /// <summary>The modules holding parameters of their own (the model itself too, when it does), in model order, named as named_modules names them.
    /// </summary>
    public static IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Module)> ModulesWithParameters(nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var candidates = new List<(string Name, nn.Module Module)> { ("model", model) };
        candidates.AddRange(model.named_modules());
        return [.. candidates.Where(c => c.Module is nn.Module<Tensor, Tensor> && c.Module.named_parameters(recurse: false).Any())
            .Select(c => (c.Name, (nn.Module<Tensor, Tensor>)c.Module))];
    }

    private void RemoveHooks()
    {
        Hooks?.Remove();
        Hooks = null;
    }
}
