using System.Globalization;
using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Tabular.Models;

/// <summary>fastai's TabularModel: an embedding per categorical column (with dropout), batchnorm on the continuous columns, then Linear–ReLU–BatchNorm
/// (–Dropout) layers and a final Linear; yRange squashes regression outputs with a scaled sigmoid. Inputs are (categorical codes, continuous values)
/// side by side in one float tensor, as TabularDataLoaders makes them. Open to subclasses that fix some of its arguments (fastai's EmbeddingNN).</summary>
public class TabularModel : nn.Module<Tensor, Tensor>
{
    /// <summary>The ModelZoo name of this architecture.</summary>
    public const string ArchName = "tabular";

    private readonly ModuleList<Embedding> embeds = new();
    private readonly Dropout embDrop;
    private readonly BatchNormLayer? bnCont;
    private readonly Sequential layers;
    private readonly int _nCat, _nCont;
    private readonly (double Low, double High)? _yRange;

    /// <summary>Builds the model: embSzs gives each categorical column's (classes, embedding size); layers the hidden sizes; ps their dropout.</summary>
    public TabularModel(IReadOnlyList<(int Classes, int Size)> embSzs, int nCont, int outSz, IReadOnlyList<int> layers, IReadOnlyList<double>? ps = null,
        double embP = 0, (double Low, double High)? yRange = null, bool useBn = true, bool bnFinal = false, bool bnCont = true) : base(nameof(TabularModel))
    {
        ArgumentNullException.ThrowIfNull(embSzs);
        ArgumentNullException.ThrowIfNull(layers);
        if (embSzs.Count + nCont == 0) throw new ArgumentException("a tabular model needs at least one categorical or continuous column");
        ps ??= [.. layers.Select(_ => 0.0)];
        if (ps.Count != layers.Count) throw new ArgumentException($"{ps.Count} dropout probabilities for {layers.Count} layers");
        using var scalars = new ScalarScope();
        foreach (var (classes, size) in embSzs)
        {
            var e = nn.Embedding(classes, size);
            using (no_grad()) e.weight!.normal_().fmod_(scalars.Of(2.0)).mul_(scalars.Of(0.01));   // fastai's trunc_normal_(std=0.01)
            embeds.Add(e);
        }
        embDrop = nn.Dropout(embP);
        this.bnCont = bnCont && nCont > 0 ? new BatchNormLayer(nCont, ndim: 1) : null;
        (_nCat, _nCont, _yRange) = (embSzs.Count, nCont, yRange);
        int[] sizes = [embSzs.Sum(e => e.Size) + nCont, .. layers];
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i < layers.Count; i++)
        {
            modules.Add(($"{i}.lin", nn.Linear(sizes[i], sizes[i + 1], hasBias: !useBn)));
            modules.Add(($"{i}.act", nn.ReLU()));
            if (useBn) modules.Add(($"{i}.bn", new BatchNormLayer(sizes[i + 1], ndim: 1)));
            if (ps[i] > 0) modules.Add(($"{i}.drop", nn.Dropout(ps[i])));
        }
        modules.Add(("out.lin", nn.Linear(sizes[^1], outSz, hasBias: !bnFinal)));
        if (bnFinal) modules.Add(("out.bn", new BatchNormLayer(outSz, ndim: 1)));
        this.layers = nn.Sequential(modules);
        RegisterComponents();
    }

    /// <summary>The outputs for inputs of shape (batch, categorical columns + continuous columns).</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 2 || input.shape[1] != _nCat + _nCont)
            throw new ArgumentException($"a tabular model of {_nCat} categorical and {_nCont} continuous columns needs inputs of shape (batch, " +
                $"{_nCat + _nCont}), " +
                $"got {Formats.Shape(input)}");
        var parts = new List<Tensor>();
        if (_nCat > 0)
        {
            var codes = input.narrow(1, 0, _nCat).to_type(ScalarType.Int64);
            parts.Add(embDrop.forward(cat([.. embeds.Select((e, i) => e.forward(codes.select(1, i)))], 1)));
        }
        if (_nCont > 0)
        {
            var conts = input.narrow(1, _nCat, _nCont);
            parts.Add(bnCont is null ? conts : bnCont.forward(conts));
        }
        var output = layers.forward(parts.Count == 1 ? parts[0] : cat(parts, 1));
        if (_yRange is not { } range) return output;
        using var scalars = new ScalarScope();
        return output.sigmoid().mul(scalars.Of(range.High - range.Low)).add(scalars.Of(range.Low), ScalarScope.One);
    }

    /// <summary>The number of categorical columns (the inputs' first columns, as codes).</summary>
    public int NCat => _nCat;

    /// <summary>The number of continuous columns (after the codes).</summary>
    public int NCont => _nCont;

    /// <summary>The range the outputs are squashed into, if any.</summary>
    public (double Low, double High)? YRange => _yRange;

    /// <summary>The learned vectors of each categorical column, (classes, size) per column in input order: what the book feeds a random
    /// forest in place of the codes.</summary>
    public IReadOnlyList<Tensor> EmbeddingWeights() => [.. embeds.Select(e => e.weight!)];

    /// <summary>fastai's emb_sz_rule: min(600, round(1.6 · classes^0.56)).</summary>
    public static int EmbSzRule(int classes) => Math.Min(600, (int)Math.Round(1.6 * Math.Pow(classes, 0.56), MidpointRounding.ToEven));

    /// <summary>The ModelZoo spec of a tabular model, so that an export can rebuild it.</summary>
    public static ModelSpec Spec(IReadOnlyList<(int Classes, int Size)> embSzs, int nCont, int outSz, IReadOnlyList<int> layers,
        IReadOnlyList<double>? ps = null, double embP = 0, (double Low, double High)? yRange = null) => new(ArchName, new Dictionary<string, string>
        {
            ["emb_szs"] = string.Join(',', embSzs.Select(e => $"{e.Classes}:{e.Size}")),
            ["n_cont"] = nCont.ToString(CultureInfo.InvariantCulture),
            ["out_sz"] = outSz.ToString(CultureInfo.InvariantCulture),
            ["layers"] = string.Join(',', layers),
            ["ps"] = string.Join(',', (ps ?? [.. layers.Select(_ => 0.0)]).Select(p => p.ToString("R", CultureInfo.InvariantCulture))),
            ["emb_p"] = embP.ToString("R", CultureInfo.InvariantCulture),
            ["y_range"] = yRange is { } r ? FormattableString.Invariant($"{r.Low:R},{r.High:R}") : "",
        });

    /// <summary>Registers the architecture in the ModelZoo (this assembly's module initializer calls it).</summary>
    public static void Register() => ModelZoo.Register(ArchName, s =>
    {
        static double D(string v) => double.Parse(v, CultureInfo.InvariantCulture);
        var ps = s.Get("ps").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(D).ToList();
        (double, double)? yRange = s.Get("y_range").Split(',') is [var lo, var hi] ? (D(lo), D(hi)) : null;
        return new TabularModel(EmbSizes(s), s.GetInt("n_cont"), s.GetInt("out_sz"), [.. s.GetInts("layers")], ps, D(s.Get("emb_p")), yRange);
    }, s =>
    {
        // The embeddings, then the linear layers from the embedded and continuous inputs through the hidden layers to the outputs.
        var embs = EmbSizes(s);
        List<double> widths = [embs.Sum(e => (double)e.Item2) + s.GetInt("n_cont"), .. s.GetInts("layers").Select(l => (double)l), s.GetInt("out_sz")];
        return embs.Sum(e => (double)e.Item1 * e.Item2) + widths.Zip(widths.Skip(1)).Sum(p => p.First * p.Second);
    });

    private static List<(int, int)> EmbSizes(ModelSpec s) => [.. s.Get("emb_szs").Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(e => e.Split(':') is [var n, var z] && int.TryParse(n, CultureInfo.InvariantCulture, out var ni) && ni >= 1
            && int.TryParse(z, CultureInfo.InvariantCulture, out var zi) && zi >= 1 ? (ni, zi)
            : throw new FormatException($"model 'tabular': bad embedding size '{Formats.Clip(e)}'"))];
}
