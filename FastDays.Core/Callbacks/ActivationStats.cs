using FastDays.Plotting;
using static TorchSharp.torch;

namespace FastDays.Callbacks;

/// <summary>fastai's ActivationStats: forward hooks on the layers with parameters record, for every training batch, the mean and standard deviation
/// of each layer's output, the fraction of it near zero (≤ 0.05), and a 40-bin histogram of its values in [0, 10] for the colorful dimension plot.</summary>
public sealed class ActivationStats(IEnumerable<(string Name, nn.Module<Tensor, Tensor> Module)>? modules = null, bool withHist = true)
    : HookCallback(modules)
{
    /// <summary>The histogram's number of bins, over [0, HistMax].</summary>
    public const int Bins = 40;

    /// <summary>The top of the histogram's range.</summary>
    public const double HistMax = 10;

    /// <inheritdoc />
    public override int Order => -20;

    /// <inheritdoc />
    public override bool RunValid => false;

    /// <summary>Per layer, per training batch: (mean, std, fraction near zero).</summary>
    public List<List<(double Mean, double Std, double NearZero)>> Stats { get; } = [];

    /// <summary>Per layer, per training batch: the histogram of the output's values in [0, 10] (40 bins).</summary>
    public List<List<float[]>> Histograms { get; } = [];

    /// <inheritdoc />
    public override void BeforeFit()
    {
        base.BeforeFit();
        Stats.Clear();
        Histograms.Clear();
        foreach (var _ in Layers)
        {
            Stats.Add([]);
            Histograms.Add([]);
        }
    }

    /// <summary>The output's mean, standard deviation, fraction near zero and (withHist) histogram, as one float tensor; nothing out of training.</summary>
    protected override Tensor? Hook(nn.Module layer, Tensor? input, Tensor output)
    {
        if (!Learn.Training) return null;
        using var scalars = new ScalarScope();
        using var noGrad = no_grad();
        var o = output.to_type(ScalarType.Float32);
        var nearZero = o.le(scalars.Of(0.05)).to_type(ScalarType.Float32).mean();
        var moments = stack([o.mean(), o.std(), nearZero]);
        return withHist ? cat([moments, o.histc(Bins, 0, (long)HistMax)]) : moments;
    }

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (!Learn.Training || Hooks is null) return;
        for (var i = 0; i < Hooks.Count; i++)
        {
            if (Hooks[i].Stored is not { } stored) continue;
            var values = stored.cpu().data<float>().ToArray();   // one device-to-host copy per layer
            Stats[i].Add((values[0], values[1], values[2]));
            if (withHist) Histograms[i].Add(values[3..]);
        }
    }

    /// <summary>The mean fraction near zero of a layer over its last n recorded batches.</summary>
    public double NearZero(int layer, int lastBatches = 10) => Stats[layer].TakeLast(lastBatches).Average(s => s.NearZero);

    /// <summary>fastai's color_dim: one heat map per layer (x: training batch, y: activation value 0–10, colour: log(1 + count)); returns the file.</summary>
    public string PlotColorDim(string path)
    {
        if (Histograms.Count == 0 || Histograms[0].Count == 0) throw new InvalidOperationException("no histograms recorded: fit first (with withHist)");
        HeatMaps.Save(path, [.. Layers.Select((l, i) => (l, (IReadOnlyList<float[]>)Histograms[i]))]);
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
            for (var i = 0; i < Layers.Count; i++) plot.Add(Layers[i], [.. Stats[i].Select(pick)]);
            var file = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? ".", $"{System.IO.Path.GetFileNameWithoutExtension(path)}-{stat}.png");
            plot.Save(file);
            files.Add(file);
        }
        return files;
    }
}
