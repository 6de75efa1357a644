using FastDays.Text.Data;
using FastDays.Text.Models;
using static TorchSharp.torch;

namespace FastDays.Tests.Text.Models;

public sealed class SentenceEncoderTests
{
    [Test]
    public void APaddedBatchPoolsEachTextAsIfItWereReadAlone()
    {
        manual_seed(5);
        const int bptt = 4;
        var config = AwdLstmConfig.Clas with { EmbSz = 6, NHid = 10, NLayers = 2 };
        using var encoder = new SentenceEncoder(bptt, new AwdLstm(40, config));
        encoder.eval();
        // Texts of 11, 3 and 6 tokens (never the padding index 1), batched in an order that is not longest first.
        long[][] texts = [[5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [20, 21, 22], [30, 31, 32, 33, 34, 35]];
        var alone = texts.Select(t =>
        {
            var (o, m) = encoder.forward(tensor(t).unsqueeze(0));
            return PoolingLinearClassifier.MaskedConcatPool(o, m, bptt);
        }).ToList();
        int[] order = [1, 0, 2];
        using var batch = TextBlock.PadChunks([.. order.Select(i => tensor(texts[i]))], bptt);
        var (output, mask) = encoder.forward(batch);
        using var pooled = PoolingLinearClassifier.MaskedConcatPool(output, mask, bptt);
        for (var r = 0; r < order.Length; r++)
            Assert.That(pooled[r].allclose(alone[order[r]][0], rtol: 1e-4, atol: 1e-5), Is.True, $"text {order[r]} in row {r}");
    }

    [Test]
    public void MaskedConcatPoolTakesTheLastRealTokenTheMaxAndTheMeanOfTheRealTokens()
    {
        // One row: tokens 0..4 with 1 and 4 padding; features = position + 1.
        using var output = arange(1, 6, dtype: ScalarType.Float32).view(1, 5, 1);
        using var mask = tensor(new[] { false, true, false, false, true }).view(1, 5);
        using var pooled = PoolingLinearClassifier.MaskedConcatPool(output, mask, bptt: 2);
        Assert.That(pooled.data<float>().ToArray(), Is.EqualTo(new[] { 4f, 4f, (1f + 3f + 4f) / 3f }).Within(1e-6));
    }
}
