using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Collab.Models;

/// <summary>The book's DotProductBias (chapter 8): a factor vector and a bias per user and per item as plain parameters drawn from N(0, 0.01²); the
/// prediction is the dot product of the pair's factors plus both biases, squashed into yRange by a scaled sigmoid. Inputs are (batch, 2) codes.
/// </summary>
public sealed class DotProductBias : nn.Module<Tensor, Tensor>, ICollabModel
{
    /// <summary>The ModelZoo name of this architecture.</summary>
    public const string ArchName = "dot_product_bias";

    private readonly Parameter user_factors, user_bias, item_factors, item_bias;
    private readonly SigmoidRange? _range;

    /// <summary>Creates the parameters for nUsers and nItems codes (vocabularies with #na#), nFactors each (0 leaves the biases only).</summary>
    public DotProductBias(int nUsers, int nItems, int nFactors, (double Low, double High)? yRange = null) : base(nameof(DotProductBias))
    {
        if (nUsers < 1 || nItems < 1 || nFactors < 0)
            throw new ArgumentException($"DotProductBias needs users and items (got {nUsers}, {nItems}) and 0 or more factors (got {nFactors})");
        (NUsers, NItems, NFactors) = (nUsers, nItems, nFactors);
        user_factors = CreateParams(nUsers, nFactors);
        user_bias = CreateParams(nUsers);
        item_factors = CreateParams(nItems, nFactors);
        item_bias = CreateParams(nItems);
        _range = yRange is { } r ? new SigmoidRange(r.Low, r.High) : null;
        YRange = yRange;
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
        CollabInputs.Check(input, NUsers, NItems, nameof(DotProductBias));
        using var scope = NewDisposeScope();
        var (users, items) = (input.select(1, 0), input.select(1, 1));
        var res = user_bias.index_select(0, users).add(item_bias.index_select(0, items), ScalarScope.One);
        if (NFactors > 0) res = res.add(user_factors.index_select(0, users).mul(item_factors.index_select(0, items)).sum(1), ScalarScope.One);
        return (_range is null ? res : _range.forward(res)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor FactorNorms(Tensor input) => CollabInputs.Norms(user_factors, item_factors, input);

    /// <inheritdoc />
    public Tensor Factors(bool isItem = true) => CollabInputs.Copy(isItem ? item_factors : user_factors);

    /// <inheritdoc />
    public Tensor Biases(bool isItem = true) => CollabInputs.Copy(isItem ? item_bias : user_bias);

    // The book's create_params: a parameter of the given shape drawn from N(0, 0.01²).
    private static Parameter CreateParams(params long[] shape)
    {
        var p = new Parameter(zeros(shape));
        using (no_grad()) p.normal_(0, 0.01);
        return p;
    }
}
