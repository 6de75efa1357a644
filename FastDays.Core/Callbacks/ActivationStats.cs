using FastDays.Learning;
using FastDays.Plotting;
using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's ActivationStats: forward hooks on the layers with parameters record, for every training batch, the mean and standard deviation
/// of each layer's output, the fraction of it near zero (≤ 0.05), and a 40-bin histogram of its values in [0, 10] for the colorful dimension plot.</summary>
public sealed class ActivationStats : Callback, IDisposable
{
    /// <summary>The histogram's number of bins, over [0, HistMax].</summary>
    public const int Bins = 40;

    /// <summary>The top of the histogram's range.</summary>
    public const double HistMax = 10;

    private readonly List<Action> _hooks = [];
    private readonly bool _withHist;
    private readonly List<(string Name, nn.Module<Tensor, Tensor> Module)> _layers = [];

    /// <summary>Watches the modules given, or every module of the model that has parameters of its own (fastai's default).</summary>
    public ActivationStats(IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)>? modules = null, bool withHist = true)
    {
        if (modules is not null) _layers.AddRange(modules);
        _withHist = withHist;
    }

    /// <inheritdoc />
    public override int Order => -20;

    /// <inheritdoc />
    public override bool RunValid => false;

    /// <summary>The watched layers' names, in model order.</summary>
    public IReadOnlyList<string> Layers => [.. _layers.Select(l => l.Name)];

    /// <summary>Per layer, per training batch: (mean, std, fraction near zero).</summary>
    public List<List<(double Mean, double Std, double NearZero)>> Stats { get; } = [];

    /// <summary>Per layer, per training batch: the histogram of the output's values in [0, 10] (40 bins).</summary>
    public List<List<float[]>> Histograms { get; } = [];

    /// <inheritdoc />
    public override void BeforeFit()
    {
        RemoveHooks();
        if (_layers.Count == 0)
        {
            // The modules holding parameters of their own (the model itself too, when it does), in model order.
            var candidates = new List<(string Name, nn.Module Module)> { ("model", Learn.Model) };
            candidates.AddRange(Learn.Model.named_modules());
            foreach (var (name, module) in candidates)
                if (module is nn.Module<Tensor, Tensor> layer && module.named_parameters(recurse: false).Any()) _layers.Add((name, layer));
        }
        Stats.Clear();
        Histograms.Clear();
        foreach (var (_, module) in _layers)
        {
            var (stats, hists) = (new List<(double, double, double)>(), new List<float[]>());
            Stats.Add(stats);
            Histograms.Add(hists);
            var hook = module.register_forward_hook((_, _, output) =>
            {
                if (!Learn.Training) return output;
                using var scope = NewDisposeScope();
                using var scalars = new ScalarScope();
                using var noGrad = no_grad();
                var o = output.detach().to_type(ScalarType.Float32);
                var nearZero = o.le(scalars.Of(0.05)).to_type(ScalarType.Float32).mean();
                var moments = stack([o.mean(), o.std(), nearZero]).cpu().data<float>().ToArray();   // one device-to-host copy
                stats.Add((moments[0], moments[1], moments[2]));
                if (_withHist) hists.Add(o.histc(Bins, 0, (long)HistMax).cpu().data<float>().ToArray());
                return output;   // unchanged
            });
            _hooks.Add(hook.remove);
        }
    }

    /// <inheritdoc />
    public override void Cleanup() => RemoveHooks();

    /// <summary>The mean fraction near zero of a layer over its last n recorded batches.</summary>
    public double NearZero(int layer, int lastBatches = 10) => Stats[layer].TakeLast(lastBatches).Average(s => s.NearZero);

    /// <summary>fastai's color_dim: one heat map per layer (x: training batch, y: activation value 0–10, colour: log(1 + count)); returns the file.</summary>
    public string PlotColorDim(string path)
    {
        if (Histograms.Count == 0 || Histograms[0].Count == 0) throw new InvalidOperationException("no histograms recorded: fit first (with withHist)");
        HeatMaps.Save(path, [.. _layers.Select((l, i) => (l.Name, (IReadOnlyList<float[]>)Histograms[i]))]);
        return path;
    }

    /// <summary>The mean, standard deviation and fraction near zero of every layer over the batches, as three line plots; returns the files.</summary>
    public IReadOnlyList<string> PlotStats(string path)
    {
        var files = new List<string>();
        foreach (var (stat, pick) in new (string, Func<(double Mean, double Std, double NearZero), double>)[]
        {
            ("mean", s => s.Mean), ("std", s => s.Std), ("near_zero", s => s.NearZero),
        })
        {
            var plot = new LinePlot { Title = $"Activation {stat} per layer", XLabel = "training batch", YLabel = stat };
            for (var i = 0; i < _layers.Count; i++) plot.Add(_layers[i].Name, [.. Stats[i].Select(pick)]);
            var file = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? ".", $"{System.IO.Path.GetFileNameWithoutExtension(path)}-{stat}.png");
            plot.Save(file);
            files.Add(file);
        }
        return files;
    }

    /// <summary>Removes the hooks.</summary>
    public void Dispose() => RemoveHooks();

    private void RemoveHooks()
    {
        foreach (var remove in _hooks) remove();
        _hooks.Clear();
    }
}
