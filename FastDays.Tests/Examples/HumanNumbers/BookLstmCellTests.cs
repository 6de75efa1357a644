using FastDays.Examples.Commands;
using FastDays.Examples.HumanNumbers;
using static TorchSharp.torch;

namespace FastDays.Tests.Examples.HumanNumbers;

public sealed class BookLstmCellTests
{
    [Test]
    public void TheHandWrittenCellEqualsLibtorchsLstmForTheSameWeights()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        const int ni = 3, nh = 4, steps = 6;
        var lstm = nn.LSTM(ni, nh, batchFirst: true);
        var cell = new BookLstmCell(ni, nh);
        var p = lstm.named_parameters().ToDictionary(kv => kv.name, kv => kv.parameter);
        // libtorch orders the gates input, forget, cell, output; the book's cell input, forget, output, cell.
        static Tensor Reorder(Tensor w)
        {
            var g = w.chunk(4, 0);
            return cat([g[0], g[1], g[3], g[2]], 0);
        }
        var mine = cell.named_parameters().ToDictionary(kv => kv.name, kv => kv.parameter);
        using (no_grad())
        {
            mine["ih.weight"].copy_(Reorder(p["weight_ih_l0"]));
            mine["ih.bias"].copy_(Reorder(p["bias_ih_l0"]));
            mine["hh.weight"].copy_(Reorder(p["weight_hh_l0"]));
            mine["hh.bias"].copy_(Reorder(p["bias_hh_l0"]));
        }
        var x = randn(2, steps, ni);
        var (expected, hN, cN) = lstm.forward(x);
        var (h, c) = (zeros(2, nh), zeros(2, nh));
        var outputs = new List<Tensor>();
        for (var t = 0; t < steps; t++)
        {
            (h, c) = cell.forward(x[.., t], h, c);
            outputs.Add(h);
        }
        Assert.That(stack(outputs, 1).allclose(expected, rtol: 1e-5, atol: 1e-6), "every step's hidden state");
        Assert.That(c.allclose(cN[0], rtol: 1e-5, atol: 1e-6), "the last cell state");
    }

    [Test]
    public void GroupChunksPutsEachRowsContinuationInTheSameRowOfTheNextBatch()
    {
        // 10 items, batches of 3: m = 3; batch 0 takes items 0, 3, 6, batch 1 items 1, 4, 7, batch 2 items 2, 5, 8; item 9 is left out.
        Assert.That(HumanNumbersCommand.GroupChunks(10, 3), Is.EqualTo(new long[] { 0, 3, 6, 1, 4, 7, 2, 5, 8 }));
    }
}
