using System.Globalization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Optimizers;

/// <summary>fastai's optimizer: parameter groups with their own hyper-parameters, per-parameter state, freezing, and a state dict.</summary>
public abstract class Optimizer : IDisposable
{
    private readonly Dictionary<Parameter, ParamState> _state = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates an optimizer over parameter groups, each starting from the given hyper-parameters.</summary>
    protected Optimizer(IEnumerable<IEnumerable<Parameter>> groups, IReadOnlyDictionary<string, double> hypers)
    {
        ArgumentNullException.ThrowIfNull(groups);
        // A tied weight reaches the optimizer under each of its names; stepping it once per name would multiply its learning rate.
        ParamGroups = [.. Modules.SharedParameters.Distinct(groups).Select(g => new ParameterGroup(g, hypers))];
        if (ParamGroups.Count == 0) throw new ArgumentException("an optimizer needs at least one parameter group");
        foreach (var (name, value) in hypers) CheckHyper(name, value);
    }

    /// <summary>The parameter groups, earliest layers first.</summary>
    public IReadOnlyList<ParameterGroup> ParamGroups { get; }

    /// <summary>Parameters never weight-decayed (fastai's wd_bn_bias=False puts batchnorm and bias parameters here).</summary>
    public HashSet<Parameter> NoWeightDecay { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The number of groups frozen from the start (0 when nothing is frozen).</summary>
    public int FrozenGroups { get; private set; }

    /// <summary>Sets a hyper-parameter to the same value in every group.</summary>
    public void SetHyper(string name, double value)
    {
        CheckHyper(name, value);
        foreach (var g in ParamGroups) g.Hypers[name] = value;
    }

    /// <summary>Sets a hyper-parameter per group: one value for all, or one value per group.</summary>
    public void SetHyper(string name, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 1) { SetHyper(name, values[0]); return; }
        if (values.Count != ParamGroups.Count)
            throw new ArgumentException($"{values.Count} values for hyper-parameter '{name}' but the optimizer has {ParamGroups.Count} parameter groups");
        for (var i = 0; i < values.Count; i++)
        {
            CheckHyper(name, values[i]);
            ParamGroups[i].Hypers[name] = values[i];
        }
    }

    /// <summary>Sets a hyper-parameter from a slice spread over the groups (discriminative learning rates).</summary>
    public void SetHyper(string name, Slice values) => SetHyper(name, values.Expand(ParamGroups.Count));

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        foreach (var p in ParamGroups.SelectMany(g => g.Params))
            if (p.grad is { } grad) nn.init.zeros_(grad.detach_());   // in place (TorchSharp's zero_() returns a second handle)
    }

    /// <summary>The factor the loss was multiplied by before the backward pass (fp16 loss scaling); gradients are divided by it in float32 before the
    /// update.</summary>
    public double LossScale { get; set; } = 1;

    /// <summary>Lookahead on top of this optimizer's updates (fastai's Lookahead wrapper), or null for plain updates; its slow weights are state
    /// "slow", saved with the rest.</summary>
    public LookaheadOptions? Lookahead { get; set; }

    /// <summary>Updates every trainable parameter that has a gradient; bfloat16 and float16 parameters are updated through a float32 master copy
    /// (state "master"). Each parameter's Step counts its updates, this one included.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();   // frees the temporaries of the updates; state tensors are created outside any scope
        using var scalars = new ScalarScope();
        var unscale = LossScale == 1 ? null : scalars.Of(1 / LossScale);
        foreach (var group in ParamGroups)
        {
            var wd = group.Hypers.GetValueOrDefault("wd");
            foreach (var p in group.Params)
            {
                if (p.grad is not { } grad || !p.requires_grad) continue;
                if (!_state.TryGetValue(p, out var state)) _state[p] = state = new ParamState();
                var lowPrecision = p.dtype is ScalarType.BFloat16 or ScalarType.Float16;
                if (lowPrecision) grad = grad.to_type(ScalarType.Float32);
                if (unscale is not null) grad = grad.mul(unscale);
                var target = lowPrecision ? Master(state, p) : p;
                if (Lookahead is not null && !state.ContainsKey("slow")) state["slow"] = target.detach().clone().DetachFromDisposeScope();
                state.Step++;
                Update(target, grad, state, group.Hypers, wd != 0 && NoWeightDecay.Contains(p) ? 0.0 : wd);
                if (Lookahead is { } la && state.Step % la.K == 0) Synchronise(target, state["slow"], la.Alpha, scalars);
                if (lowPrecision) p.copy_(target);
            }
        }
    }

    /// <summary>The float32 weights the optimizer updates for a parameter: its master copy when the parameter computes in bfloat16 or float16
    /// and has been stepped, else the parameter itself.</summary>
    public Tensor MasterWeights(Parameter p) => _state.TryGetValue(p, out var state) && state.TryGetValue("master", out var master) ? master : p;

    // Lookahead's step back: the slow weights take alpha of the way to the fast ones, and the fast weights start again from there.
    private static void Synchronise(Tensor fast, Tensor slow, double alpha, ScalarScope scalars)
    {
        slow.add_(fast.sub(slow), alpha: scalars.Of(alpha));
        fast.copy_(slow);
    }

    private static Tensor Master(ParamState state, Tensor p)
    {
        if (!state.TryGetValue("master", out var master)) state["master"] = master = p.detach().to_type(ScalarType.Float32).clone().DetachFromDisposeScope();
        return master;
    }

    /// <summary>Freezes every group but the last.</summary>
    public void Freeze() => FreezeTo(-1);

    /// <summary>Freezes the first n groups (negative n counts from the end); keepTrainable parameters (such as batchnorm's) stay trainable.</summary>
    public void FreezeTo(int n, ISet<Parameter>? keepTrainable = null)
    {
        FrozenGroups = n >= 0 ? Math.Min(n, ParamGroups.Count) : Math.Max(0, ParamGroups.Count + n);
        for (var i = 0; i < ParamGroups.Count; i++)
            foreach (var p in ParamGroups[i].Params)
                p.requires_grad = i >= FrozenGroups || (keepTrainable?.Contains(p) ?? false);
    }

    /// <summary>Makes every parameter trainable.</summary>
    public void Unfreeze() => FreezeTo(0);

    /// <summary>The optimizer state (per-parameter tensors and per-group hyper-parameters), keyed as group.param.name; the step counts are new
    /// tensors in the caller's dispose scope, the rest are the optimizer's own.</summary>
    public (Dictionary<string, Tensor> Tensors, List<Dictionary<string, double>> Hypers) StateDict()
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var g = 0; g < ParamGroups.Count; g++)
            for (var i = 0; i < ParamGroups[g].Params.Count; i++)
                if (_state.TryGetValue(ParamGroups[g].Params[i], out var state))
                {
                    foreach (var (name, t) in state) tensors[$"{g}.{i}.{name}"] = t;
                    if (state.Step > 0) tensors[$"{g}.{i}.step"] = tensor(state.Step);
                }
        return (tensors, [.. ParamGroups.Select(g => new Dictionary<string, double>(g.Hypers))]);
    }

    /// <summary>Restores a state made by StateDict on an optimizer over parameters of the same shapes; a state that does not fit (another group
    /// count, a key of no parameter, a moment of another shape, Lookahead's slow weights where this optimizer has no Lookahead, a stepped parameter
    /// without them where it has) is refused before anything is replaced.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyList<IReadOnlyDictionary<string, double>> hypers)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(hypers);
        if (hypers.Count != ParamGroups.Count)
            throw new ArgumentException($"the saved optimizer has {hypers.Count} parameter groups, this one {ParamGroups.Count}");
        var entries = new List<(Parameter P, string Name, Tensor Value, string Key)>();
        foreach (var (key, value) in tensors)
        {
            var parts = key.Split('.', 3);
            if (parts.Length != 3 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var g) || g < 0 || g >= ParamGroups.Count
                || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var i) || i < 0 || i >= ParamGroups[g].Params.Count)
                throw new ArgumentException($"optimizer state key '{Formats.Clip(key)}' does not match this optimizer's parameter groups");
            var p = ParamGroups[g].Params[i];
            if (parts[2] == "step" ? value.numel() != 1 : !value.shape.SequenceEqual(p.shape))
                throw new ArgumentException($"optimizer state '{Formats.Clip(key)}' has shape {Formats.Shape(value)}, its parameter {Formats.Shape(p)}");
            entries.Add((p, parts[2], value, key));
        }
        // Lookahead's slow weights go with Lookahead: resuming one run's state into the other optimizer would silently change its steps. (Master
        // weights alone, as a switch to mixed precision seeds them before any step, need no slow weights yet.)
        if (Lookahead is null && entries.FirstOrDefault(e => e.Name == "slow") is { Key: { } slowKey })
            throw new ArgumentException($"optimizer state '{Formats.Clip(slowKey)}' holds Lookahead's slow weights, but this optimizer has no Lookahead");
        var withSlow = entries.Where(e => e.Name == "slow").Select(e => e.P).ToHashSet(ReferenceEqualityComparer.Instance);
        if (Lookahead is not null && entries.FirstOrDefault(e => e.Name == "step" && !withSlow.Contains(e.P)) is { Key: { } bareKey })
            throw new ArgumentException($"optimizer state '{Formats.Clip(bareKey)}' comes without Lookahead's slow weights, but this optimizer has Lookahead");
        for (var g = 0; g < hypers.Count; g++)
            foreach (var (name, value) in hypers[g]) ParamGroups[g].Hypers[name] = value;
        foreach (var s in _state.Values) foreach (var t in s.Values) t.Dispose();
        _state.Clear();
        foreach (var (p, name, value, _) in entries)
        {
            if (!_state.TryGetValue(p, out var state)) _state[p] = state = new ParamState();
            if (name == "step") state.Step = value.to_type(ScalarType.Int64).item<long>();
            else state[name] = value.to(p.device).clone().DetachFromDisposeScope();
        }
    }

    /// <summary>Frees the per-parameter state (moments, step counts, master weights); the optimizer is not used afterwards.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the state tensors when disposing; an optimizer that holds native memory of its own frees that too.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var s in _state.Values) foreach (var t in s.Values) t.Dispose();
        _state.Clear();
    }

    /// <summary>Updates one parameter (or its float32 master copy) in place from its gradient, its state (created on first use) and its group's
    /// hyper-parameters; wd is 0 where decay is off, and state.Step already counts this update (1 on the first).</summary>
    protected abstract void Update(Tensor p, Tensor grad, ParamState state, IReadOnlyDictionary<string, double> hypers, double wd);

    // Adam's and RAdam's hyper-parameters, and the first half of their update: the weight decay (decoupled, or L2 into the gradient), then both
    // moving averages of the gradient; returns the averages.
    private protected static Dictionary<string, double> AdamHypers(double lr, double mom, double sqrMom, double eps, double wd) =>
        new() { ["lr"] = lr, ["mom"] = mom, ["sqr_mom"] = sqrMom, ["eps"] = eps, ["wd"] = wd };

    private protected static (Tensor Avg, Tensor SqrAvg) AdamMoments(Tensor p, Tensor grad, ParamState state, IReadOnlyDictionary<string, double> hypers,
        double wd, bool decoupleWd, ScalarScope s)
    {
        var (lr, mom, sqrMom) = (hypers["lr"], hypers["mom"], hypers["sqr_mom"]);
        if (wd != 0 && decoupleWd) p.mul_(s.Of(1 - lr * wd));
        else if (wd != 0) grad = grad.add(p, alpha: s.Of(wd));
        var avg = StateTensor(state, "grad_avg", p).mul_(s.Of(mom)).add_(grad, alpha: s.Of(1 - mom));
        var sqrAvg = StateTensor(state, "sqr_avg", p).mul_(s.Of(sqrMom)).addcmul_(grad, grad, value: s.Of(1 - sqrMom));
        return (avg, sqrAvg);
    }

    /// <summary>The state tensor of a name, created as zeros like the parameter on first use.</summary>
    protected static Tensor StateTensor(ParamState state, string name, Tensor like)
    {
        if (!state.TryGetValue(name, out var t)) state[name] = t = zeros_like(like).DetachFromDisposeScope();
        return t;
    }

    private static void CheckHyper(string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"hyper-parameter '{name}' must be a finite number ≥ 0, got {value}");
    }
}
