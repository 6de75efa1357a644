using FastDays.Text.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Text.Models;

public sealed class WeightDropoutTests
{
    [Test]
    public void InEvalItIsLibtorchsLstmWithTheSameWeights()
    {
        manual_seed(1);
        using var layer = new WeightDropout(6, 5, weightP: 0.5);
        using var lstm = nn.LSTM(6, 5, batchFirst: true);
        using (no_grad())
        {
            lstm.get_parameter("weight_ih_l0")!.copy_(layer.Weights.WeightIh);
            lstm.get_parameter("weight_hh_l0")!.copy_(layer.WeightHhRaw);
            lstm.get_parameter("bias_ih_l0")!.copy_(layer.Weights.BiasIh);
            lstm.get_parameter("bias_hh_l0")!.copy_(layer.Weights.BiasHh);
        }
        layer.eval();
        using var x = randn(3, 7, 6);
        using var h0 = randn(3, 5);
        using var c0 = randn(3, 5);
        var (output, h, c) = layer.forward(x, (h0, c0));
        var (expected, hn, cn) = lstm.forward(x, (h0.unsqueeze(0), c0.unsqueeze(0)));
        Assert.That(output.allclose(expected, rtol: 1e-5, atol: 1e-6), Is.True);
        Assert.That(h.allclose(hn[0], rtol: 1e-5, atol: 1e-6) && c.allclose(cn[0], rtol: 1e-5, atol: 1e-6), Is.True);
    }

    [Test]
    public void TrainingDropsHiddenWeightsPerBatchKeepsTheRawOnesAndRoutesGradientsThroughTheMask()
    {
        manual_seed(2);
        using var layer = new WeightDropout(4, 8, weightP: 0.5);
        using var raw = layer.WeightHhRaw.detach().clone();
        layer.train();
        using var x = randn(2, 5, 4);
        using var zero = zeros(2, 8);
        var (a, _, _) = layer.forward(x, (zero, zero));
        var (b, _, _) = layer.forward(x, (zero, zero));
        Assert.That(a.allclose(b), Is.False, "each forward pass draws a new mask");
        Assert.That(layer.WeightHhRaw.eq(raw).all().item<bool>(), Is.True, "the raw matrix is what the optimizer sees, untouched by the dropout");
        a.sum().backward();
        var grad = layer.WeightHhRaw.grad!;
        var zeroFraction = grad.eq(0).to_type(ScalarType.Float32).mean().item<float>();
        Assert.That(zeroFraction, Is.InRange(0.35f, 0.65f), "about half the weights were dropped, and get no gradient");
        layer.eval();
        var (e1, _, _) = layer.forward(x, (zero, zero));
        var (e2, _, _) = layer.forward(x, (zero, zero));
        Assert.That(e1.eq(e2).all().item<bool>(), Is.True, "no dropout in eval");
    }
}
