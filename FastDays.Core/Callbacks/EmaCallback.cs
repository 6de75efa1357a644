using FastDays.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>An exponential moving average of the weights (fastxtend's EMACallback, timm's ModelEma): after every optimizer step each floating-point
/// parameter and buffer of the average moves towards the model's by 1 − decay; validation runs on the average, and after the fit the model keeps it.</summary>
/// <remarks>The average is float32 and follows the optimizer's float32 master weights under mixed precision. Its decay ramps up as
/// min(decay, (1 + n) / (10 + n)) over the first updates n, so the first weights of the fit do not dominate it. The average is state that training
/// depends on: checkpoints save it and Resume restores it (applied when the resumed fit begins).</remarks>
/// <param name="decay">The share of the average kept at each step, in [0, 1); 0.999 averages over about the last thousand steps.</param>
/// <param name="validateEma">Whether validation during the fit runs on the average (the training weights are put back after it).</param>
/// <param name="replaceWeights">Whether the model (and the optimizer's master weights) take the average when the fit ends.</param>
public sealed class EmaCallback(double decay = 0.999, bool validateEma = true, bool replaceWeights = true) : Callback, IResumableTensors
{
    private readonly List<Entry> _entries = [];
    private List<Tensor>? _swapped;
    private (Dictionary<string, Tensor> Averages, long Updates)? _pending;

    private const string UpdatesKey = "updates";

    /// <summary>The share of the average kept at each step once the ramp is over.</summary>
    public double Decay { get; } = decay is >= 0 and < 1 ? decay : throw new ArgumentOutOfRangeException(nameof(decay), decay, "the decay must be in [0, 1)");

    /// <summary>The optimizer steps averaged so far in this fit.</summary>
    public long Updates { get; private set; }

    /// <inheritdoc />
    public override int Order => 20;   // after MixedPrecision (10), before the Recorder (50) reads the validation metrics

    /// <summary>The averaged tensor of a parameter or buffer, by its name in the model's state dict (null before the first fit or after it
    /// ends).</summary>
    public Tensor? Average(string name) => _entries.FirstOrDefault(e => e.Name == name)?.Average;

    /// <inheritdoc />
    public override void BeforeFit()
    {
        Release();
        Updates = 0;
        using var noGrad = no_grad();
        var parameters = Learn.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        foreach (var (name, t) in Learn.Model.state_dict())
        {
            if (!t.is_floating_point()) continue;
            var source = parameters.TryGetValue(name, out var p) ? Learn.Opt!.MasterWeights(p) : t;
            _entries.Add(new Entry(name, t, parameters.GetValueOrDefault(name), source.detach().to_type(ScalarType.Float32).clone().DetachFromDisposeScope()));
        }
        if (_pending is { } resumed && Learn.Resuming is not null)
        {
            foreach (var e in _entries) e.Average.copy_(resumed.Averages[e.Name]);
            Updates = resumed.Updates;
        }
        DisposePending();
    }

    /// <inheritdoc />
    public override void AfterStep()
    {
        if (!Learn.Training) return;
        Updates++;
        var d = Math.Min(Decay, (1.0 + Updates) / (10.0 + Updates));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var scalars = new ScalarScope();
        var (keep, take) = (scalars.Of(d), scalars.Of(1 - d));
        foreach (var e in _entries)
        {
            var source = e.Parameter is { } p ? Learn.Opt!.MasterWeights(p) : e.Model;
            e.Average.mul_(keep).add_(source.dtype == ScalarType.Float32 ? source : source.to_type(ScalarType.Float32), take);   // d·average + (1 − d)·w
        }
    }

    /// <inheritdoc />
    public override void BeforeValidate()
    {
        if (!validateEma || _entries.Count == 0 || Updates == 0) return;
        using var noGrad = no_grad();
        _swapped = [.. _entries.Select(e => e.Model.detach().clone().DetachFromDisposeScope())];
        foreach (var e in _entries) e.Model.copy_(e.Average);
    }

    /// <inheritdoc />
    public override void AfterValidate() => Restore();

    /// <inheritdoc />
    public override void AfterFit()
    {
        Restore();
        if (!replaceWeights || Updates == 0) return;
        using var noGrad = no_grad();
        foreach (var e in _entries)
        {
            e.Model.copy_(e.Average);
            if (e.Parameter is { } p && Learn.Opt!.MasterWeights(p) is var master && !ReferenceEquals(master, p)) master.copy_(e.Average);
        }
    }

    /// <inheritdoc />
    public override void Cleanup()
    {
        Restore();
        Release();
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> SaveTensors()
    {
        var tensors = _entries.ToDictionary(e => e.Name, e => e.Average, StringComparer.Ordinal);
        if (tensors.Count > 0) tensors[UpdatesKey] = tensor(Updates);
        return tensors;
    }

    /// <inheritdoc />
    public void LoadTensors(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var expected = Learn.Model.state_dict().Where(kv => kv.Value.is_floating_point())
            .ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);
        var missing = expected.Keys.Append(UpdatesKey).Where(k => !tensors.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new ArgumentException($"no average for {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}");
        foreach (var (name, shape) in expected)
            if (!tensors[name].shape.SequenceEqual(shape))
                throw new ArgumentException($"the average of {name} has shape {Formats.Shape(tensors[name])}, the model's [{string.Join(", ", shape)}]");
        var updates = tensors[UpdatesKey].numel() == 1 ? tensors[UpdatesKey].to_type(ScalarType.Int64).item<long>() : -1;
        if (updates < 0) throw new ArgumentException($"'{UpdatesKey}' must be one whole number ≥ 0");
        DisposePending();
        _pending = (expected.Keys.ToDictionary(k => k, k => tensors[k].detach().to_type(ScalarType.Float32).clone().DetachFromDisposeScope(),
            StringComparer.Ordinal), updates);
    }

    private void Restore()
    {
        if (_swapped is null) return;
        using (no_grad())
            foreach (var (e, saved) in _entries.Zip(_swapped)) e.Model.copy_(saved);
        foreach (var t in _swapped) t.Dispose();
        _swapped = null;
    }

    private void DisposePending()
    {
        foreach (var t in _pending?.Averages.Values ?? Enumerable.Empty<Tensor>()) t.Dispose();
        _pending = null;
    }

    private void Release()
    {
        foreach (var e in _entries) e.Average.Dispose();
        _entries.Clear();
    }

    private sealed record Entry(string Name, Tensor Model, Parameter? Parameter, Tensor Average);
}
