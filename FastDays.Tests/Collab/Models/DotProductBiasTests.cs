using FastDays.Collab.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Collab.Models;

public sealed class DotProductBiasTests
{
    private static readonly float[] UserFactors = [0.5f, -1f, 2f, 0.25f, 0f, 1f];   // 3 users × 2 factors
    private static readonly float[] ItemFactors = [1f, 2f, -0.5f, 0.5f];             // 2 items × 2 factors
    private static readonly float[] UserBias = [0f, 0.1f, -0.2f];
    private static readonly float[] ItemBias = [0.3f, -0.4f];

    private static double Hand(int u, int i, (double Lo, double Hi)? range)
    {
        var dot = (UserFactors[2 * u] * ItemFactors[2 * i]) + (UserFactors[(2 * u) + 1] * ItemFactors[(2 * i) + 1]);
        var raw = dot + UserBias[u] + ItemBias[i];
        return range is { } r ? r.Lo + ((r.Hi - r.Lo) / (1 + Math.Exp(-raw))) : raw;
    }

    private static void Set(nn.Module module, string name, float[] values)
    {
        var p = module.named_parameters().Single(q => q.name == name).parameter;
        using var source = tensor(values).reshape(p.shape);
        using (no_grad()) p.copy_(source);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ThePredictionIsTheDotProductPlusBothBiasesSquashedIntoYRange(bool withRange)
    {
        (double, double)? range = withRange ? (0, 5.5) : null;
        using var model = new DotProductBias(3, 2, 2, range);
        Assert.That(model.named_parameters().Select(p => p.name), Is.EquivalentTo(new[] { "user_factors", "user_bias", "item_factors", "item_bias" }),
            "the book's parameter names");
        Set(model, "user_factors", UserFactors);
        Set(model, "item_factors", ItemFactors);
        Set(model, "user_bias", UserBias);
        Set(model, "item_bias", ItemBias);
        using var x = tensor(new long[] { 0, 0, 1, 1, 2, 0, 2, 1 }, [4, 2]);
        using var y = model.forward(x);
        Assert.That(y.shape, Is.EqualTo(new long[] { 4 }));
        var expected = new[] { Hand(0, 0, range), Hand(1, 1, range), Hand(2, 0, range), Hand(2, 1, range) };
        Assert.That(y.to_type(ScalarType.Float64).data<double>().ToArray(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void EmbeddingDotBiasComputesTheSameFromItsEmbeddings()
    {
        using var model = new EmbeddingDotBias(2, 3, 2, (0, 5.5));
        Set(model, "u_weight.weight", UserFactors);
        Set(model, "i_weight.weight", ItemFactors);
        Set(model, "u_bias.weight", UserBias);
        Set(model, "i_bias.weight", ItemBias);
        using var x = tensor(new long[] { 1, 0, 2, 1 }, [2, 2]);
        using var y = model.forward(x);
        Assert.That(y.to_type(ScalarType.Float64).data<double>().ToArray(), Is.EqualTo(new[] { Hand(1, 0, (0, 5.5)), Hand(2, 1, (0, 5.5)) }).Within(1e-6));
        Assert.That(model.Biases().data<float>().ToArray(), Is.EqualTo(ItemBias));
        Assert.That(model.Factors(isItem: false).data<float>().ToArray(), Is.EqualTo(UserFactors));
    }

    [Test]
    public void ZeroFactorsLeaveTheBiasesOnlyAndTheInitialisationIsSmall()
    {
        using var biases = new DotProductBias(3, 2, 0);
        Set(biases, "user_bias", UserBias);
        Set(biases, "item_bias", ItemBias);
        using var x = tensor(new long[] { 2, 1 }, [1, 2]);
        using var y = biases.forward(x);
        Assert.That(y.item<float>(), Is.EqualTo(UserBias[2] + ItemBias[1]).Within(1e-7));
        using var big = new DotProductBias(500, 400, 50);
        using var f = big.Factors();
        Assert.That(f.std().item<float>(), Is.EqualTo(0.01).Within(0.001), "N(0, 0.01²) as the book's create_params");
        using var e = new EmbeddingDotBias(50, 500, 400);
        using var g = e.Factors();
        Assert.That(g.abs().max().item<float>(), Is.LessThanOrEqualTo(0.02f + 1e-6f), "fastai's truncation at two standard deviations");
    }

    [Test]
    public void BadInputsNameTheShapeOrTheCode()
    {
        using var model = new DotProductBias(3, 2, 2);
        using var floats = zeros(4, 2);
        Assert.That(() => model.forward(floats), Throws.ArgumentException.With.Message.Contains("(batch, 2) int64").And.Message.Contains("[4, 2]"));
        using var user = tensor(new long[] { 3, 0 }, [1, 2]);
        Assert.That(() => model.forward(user), Throws.ArgumentException.With.Message.Contains("user code 3 outside 0..2"));
        using var item = tensor(new long[] { 0, -1 }, [1, 2]);
        Assert.That(() => model.forward(item), Throws.ArgumentException.With.Message.Contains("item code -1"));
    }
}
