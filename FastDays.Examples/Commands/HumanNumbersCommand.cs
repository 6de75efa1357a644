using System.Diagnostics;
using System.Globalization;
using FastDays.Examples.HumanNumbers;
using FastDays.Losses;
using FastDays.Text.Callbacks;

namespace FastDays.Examples.Commands;

/// <summary>The book's chapter 12, a language model from scratch: the Human Numbers text, then each of the chapter's models trained with the book's
/// hyper-parameters, printed beside the accuracy the book printed for it.</summary>
internal sealed class HumanNumbersCommand : ExampleCommand<HumanNumbersOptions>
{
    private const int Bs = 64;

    /// <inheritdoc />
    public override string Name => "human-numbers";

    /// <inheritdoc />
    public override string Summary => "Chapter 12: language models from scratch on Human Numbers, from a three-word MLP to a regularised LSTM";

    /// <inheritdoc />
    public override int Run(HumanNumbersOptions o)
    {
        var device = TorchDevices.Resolve(o.Device);
        var chosen = o.Models.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => int.TryParse(m, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 7 ? n
                : throw new ArgumentException($"--models: '{m}' is not a model of the chapter (1 to 7)")).ToList();

        // 1. The text: the numbers 1–7,999 and 8,001–9,999 in words, joined by " . "; the vocabulary in order of first appearance.
        var tokens = FastDays.Text.Data.HumanNumbers.Tokens();
        var vocab = tokens.Distinct().ToList();
        var index = vocab.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => (long)p.i);
        var nums = tokens.Select(t => index[t]).ToArray();
        Console.WriteLine($"{tokens.Count:N0} tokens, a vocabulary of {vocab.Count}: {string.Join(" ", vocab.Take(12))} …");

        // 2. Three words and the next one, cut at 80 % in order; always predicting the most common target is the bar to clear.
        using var scope = NewDisposeScope();
        var (x3, y3) = Sequences(nums, 3, next: true);
        var cut3 = (int)(x3.shape[0] * 0.8);
        var validTargets = y3[cut3..];
        var (modeCount, mode) = validTargets.bincount(null, vocab.Count).max(0);
        var baseline = modeCount.item<long>() / (double)validTargets.shape[0];
        Console.WriteLine(FormattableString.Invariant(
            $"the most common validation target: '{vocab[(int)mode.item<long>()]}', {baseline:F4} of them (the book: 'thousand', 0.1517)"));
        var plain = Loaders(x3[..cut3], y3[..cut3], x3[cut3..], y3[cut3..], grouped: false);
        var grouped = Loaders(x3[..cut3], y3[..cut3], x3[cut3..], y3[cut3..], grouped: true);
        var (x16, y16) = Sequences(nums, 16, next: false);
        var cut16 = (int)(x16.shape[0] * 0.8);
        var long16 = Loaders(x16[..cut16], y16[..cut16], x16[cut16..], y16[cut16..], grouped: true);

        // 3. Each model with the book's settings.
        var rows = new List<string>();
        foreach (var m in chosen)
        {
            manual_seed(o.Seed);
            var (what, model, dls, epochs, lr, wd, book) = m switch
            {
                1 => ("three words in, one shared hidden layer", (nn.Module<Tensor, Tensor>)new LMModel1(vocab.Count, 64), plain, 4, 1e-3, (double?)null,
                    0.494414),
                2 => ("the same as a loop (an RNN)", new LMModel2(vocab.Count, 64), plain, 4, 1e-3, null, 0.470406),
                3 => ("state kept between batches", new LMModel3(vocab.Count, 64), grouped, 10, 3e-3, null, 0.588942),
                4 => ("a prediction after every word", new LMModel4(vocab.Count, 64), long16, 15, 3e-3, null, 0.640055),
                5 => ("two-layer RNN", new LMModel5(vocab.Count, 64, 2), long16, 15, 3e-3, null, 0.487874),
                6 => ("two-layer LSTM", new LMModel6(vocab.Count, 64, 2), long16, 15, 1e-2, null, 0.758464),
                _ => ("LSTM + dropout 0.4, AR/TAR, tied weights", new LMModel7(vocab.Count, 64, 2, 0.4), long16, 15, 1e-2, 0.1, 0.869385),
            };
            List<Callback> cbs = m >= 3 ? [new ModelResetter()] : [];
            if (m == 7) cbs.Add(new RnnRegularizer(alpha: 2, beta: 1));
            var learn = new Learner(dls, model, new CrossEntropyLossFlat(), metrics: [Metric.Accuracy()], cbs: cbs, device: device);
            var clock = Stopwatch.StartNew();
            Console.WriteLine($"LMModel{m}: {what}");
            learn.FitOneCycle(epochs, lr, wd: wd);
            var accuracy = learn.Recorder.Last("accuracy");
            rows.Add(FormattableString.Invariant(
                $"| {m} | {what} | {epochs} | {lr:G2} | {accuracy:F4} | {book:F4} | {clock.Elapsed.TotalSeconds:F0} s |"));
            model.Dispose();
        }
        Console.WriteLine("| LMModel | what | epochs | lr | accuracy | the book | time |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows) Console.WriteLine(row);
        return 0;
    }

    // The book's sequences, one every length tokens while a whole one and its target fit (i < count − length − 1): length words and the word after
    // them (next), or length words and the same words shifted by one.
    private static (Tensor X, Tensor Y) Sequences(long[] nums, int length, bool next)
    {
        var starts = Enumerable.Range(0, nums.Length).Where(i => i % length == 0 && i < nums.Length - length - 1).ToArray();
        var x = starts.SelectMany(i => nums.Skip(i).Take(length)).ToArray();
        if (next) return (tensor(x, [starts.Length, length]), tensor(starts.Select(i => nums[i + length]).ToArray()));
        return (tensor(x, [starts.Length, length]), tensor(starts.SelectMany(i => nums.Skip(i + 1).Take(length)).ToArray(), [starts.Length, length]));
    }

    // In order (the book's shuffle=False); grouped: reordered so that row j of every batch continues row j of the batch before (the book's
    // group_chunks), and the last incomplete batch dropped.
    private static DataLoaders Loaders(Tensor xTrain, Tensor yTrain, Tensor xValid, Tensor yValid, bool grouped)
    {
        TfmdDL Loader(Tensor x, Tensor y, bool training)
        {
            if (grouped)
            {
                var order = GroupChunks((int)x.shape[0], Bs);
                using var idx = tensor(order);
                (x, y) = (x.index_select(0, idx), y.index_select(0, idx));
            }
            return new TfmdDL(new TensorPairDataset(x, y), new DataLoaderOptions { BatchSize = Bs, DropLast = grouped, Training = training, Prefetch = 0 });
        }
        return new DataLoaders(Loader(xTrain, yTrain, training: true), Loader(xValid, yValid, training: false));
    }

    /// <summary>The book's group_chunks as an order of items: m = count / bs; batch i takes items i, i + m, i + 2m, …</summary>
    internal static long[] GroupChunks(int count, int bs)
    {
        var m = count / bs;
        return [.. Enumerable.Range(0, m).SelectMany(i => Enumerable.Range(0, bs).Select(j => (long)(i + m * j)))];
    }
}
