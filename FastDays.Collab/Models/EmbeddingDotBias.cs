using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Collab.Models;

/// <summary>fastai's EmbeddingDotBias: the book's DotProductBias built from embedding layers (u_weight, i_weight, u_bias, i_bias, initialised as
/// fastai's Embedding: a normal of std 0.01 truncated at ±2 std); yRange optional.</summary>
public sealed class EmbeddingDotBias : nn.Module<Tensor, Tensor>, ICollabModel
{
    /// <summary>The ModelZoo name of this architecture.</summary>
    public const string ArchName = "embedding_dot_bias";

    private readonly Embedding u_weight, i_weight, u_bias, i_bias;
    private readonly SigmoidRange? _range;

    /// <summary>Creates the embeddings: nFactors per user and item (0 leaves the biases only) for nUsers and nItems codes.</summary>
    public EmbeddingDotBias(int nFactors, int nUsers, int nItems, (double Low, double High)? yRange = null) : base(nameof(EmbeddingDotBias))
    {
        if (nUsers < 1 || nItems < 1 || nFactors < 0)
            throw new ArgumentException($"EmbeddingDotBias needs users and items (got {nUsers}, {nItems}) and 0 or more factors (got {nFactors})");
        (NUsers, NItems, NFactors, YRange) = (nUsers, nItems, nFactors, yRange);
        u_weight = Embed(nUsers, nFactors);
        i_weight = Embed(nItems, nFactors);
        u_bias = Embed(nUsers, 1);
        i_bias = Embed(nItems, 1);
        _range = yRange is { } r ? new SigmoidRange(r.Low, r.High) : null;
        RegisterComponents();
    }

    /// <summary>The number of user codes.</summary>
    public int NUsers { get; }

    /// <summary>The number of item codes.</summary>
    public int NItems { get; }

    /// <summary>The factors per user and per item.</summary>
    public int NFactors { get; }

    /// <summary>The range predictions are squashed into (none: the raw sum).</summary>
    public (double Low, double High)? YRange { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        CollabInputs.Check(input, NUsers, NItems, nameof(EmbeddingDotBias));
        using var scope = NewDisposeScope();
        var (users, items) = (input.select(1, 0), input.select(1, 1));
        var res = u_bias.forward(users).squeeze(1).add(i_bias.forward(items).squeeze(1), ScalarScope.One);
        if (NFactors > 0) res = res.add(u_weight.forward(users).mul(i_weight.forward(items)).sum(1), ScalarScope.One);
        return (_range is null ? res : _range.forward(res)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor FactorNorms(Tensor input) => CollabInputs.Norms(u_weight.weight!, i_weight.weight!, input);

    /// <inheritdoc />
    public Tensor Factors(bool isItem = true) => CollabInputs.Copy((isItem ? i_weight : u_weight).weight!);

    /// <inheritdoc />
    public Tensor Biases(bool isItem = true) => CollabInputs.Copy((isItem ? i_bias : u_bias).weight!, flatten: true);

    // fastai's Embedding: trunc_normal_(std=0.01), a normal cut at two standard deviations.
    private static Embedding Embed(int n, int size)
    {
        var e = nn.Embedding(n, size);
        using var scalars = new ScalarScope();
        using (no_grad()) e.weight!.normal_().fmod_(scalars.Of(2.0)).mul_(scalars.Of(0.01));
        return e;
    }
}
