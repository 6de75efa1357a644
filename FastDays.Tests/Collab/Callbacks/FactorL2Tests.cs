using FastDays.Collab.Callbacks;
using FastDays.Collab.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Collab.Callbacks;

public sealed class FactorL2Tests
{
    [Test]
    public void ThePenaltyIsLambdaTimesTheBatchsMeanSquaredNormsAndPullsOnlyOnItsRows()
    {
        using var model = new DotProductBias(4, 3, 2);
        var p = model.named_parameters().ToDictionary(q => q.name, q => q.parameter);
        using (no_grad())
        {
            using var users = tensor(new float[] { 0, 0, 1, 2, 0, 0, 3, -1 }, [4, 2]);
            using var items = tensor(new float[] { 0, 0, 0.5f, 0.5f, 2, 0 }, [3, 2]);
            p["user_factors"].copy_(users);
            p["item_factors"].copy_(items);
        }
        // Rows (user 1, item 2) and (user 3, item 1): (1 + 4) + 4 = 9 and (9 + 1) + 0.5 = 10.5; mean 9.75.
        using var x = tensor(new long[] { 1, 2, 3, 1 }, [2, 2]);
        using var penalty = FactorL2.Penalty(model, x, 0.2);
        Assert.That(penalty.item<float>(), Is.EqualTo(0.2 * 9.75).Within(1e-6));
        penalty.backward();
        var userGrad = p["user_factors"].grad!.abs().sum(1).data<float>().ToArray();
        var itemGrad = p["item_factors"].grad!.abs().sum(1).data<float>().ToArray();
        Assert.That(userGrad.Select(g => g > 0), Is.EqualTo(new[] { false, true, false, true }), "only users 1 and 3 are pulled");
        Assert.That(itemGrad.Select(g => g > 0), Is.EqualTo(new[] { false, true, true }));
        Assert.That(p["user_bias"].grad is null || p["user_bias"].grad!.abs().sum().item<float>() == 0, "biases are not penalised");
        Assert.That(() => new FactorL2(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void EmbeddingDotBiasGivesTheSameNorms()
    {
        using var model = new EmbeddingDotBias(3, 5, 4);
        using var x = tensor(new long[] { 0, 3, 4, 1, 2, 2 }, [3, 2]);
        using var norms = model.FactorNorms(x);
        using var u = model.Factors(isItem: false);
        using var i = model.Factors();
        var expected = new[] { (0, 3), (4, 1), (2, 2) }
            .Select(r => u[r.Item1].pow(2).sum().item<float>() + i[r.Item2].pow(2).sum().item<float>()).ToArray();
        Assert.That(norms.data<float>().ToArray(), Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void OnEmbeddingNNThePenaltyIsOnTheEmbeddingRowsTheBatchPicks()
    {
        using var model = new EmbeddingNN([(4, 2), (3, 1)], [5]);
        var weights = model.EmbeddingWeights();
        using (no_grad())
        {
            using var users = tensor(new float[] { 0, 0, 1, 2, 0, 0, 3, -1 }, [4, 2]);
            using var items = tensor(new float[] { 0, 1, 2 }, [3, 1]);
            weights[0].copy_(users);
            weights[1].copy_(items);
        }
        // Rows (user 1, item 2) and (user 3, item 1): (1 + 4) + 4 = 9 and (9 + 1) + 1 = 11; mean 10; inputs are floats, as the loaders give them.
        using var x = tensor(new float[] { 1, 2, 3, 1 }, [2, 2]);
        using var penalty = FactorL2.Penalty(model, x, 0.5);
        Assert.That(penalty.item<float>(), Is.EqualTo(5).Within(1e-6));
        penalty.backward();
        Assert.That(weights[0].grad!.abs().sum(1).data<float>().ToArray().Select(g => g > 0), Is.EqualTo(new[] { false, true, false, true }));
        Assert.That(weights[1].grad!.abs().sum(1).data<float>().ToArray().Select(g => g > 0), Is.EqualTo(new[] { false, true, true }));
    }
}
