using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FastDays.Optimizers;
using FastDays.Text.Models;

namespace FastDays.Benchmarks;

/// <summary>`text-lm`: training steps of an AWD-LSTM language model in tokens per second — FastDays' model (weight dropout, its LSTM run step by
/// step), the same sizes on libtorch's fused LSTM without weight dropout, and the AWD-LSTM in Debian's PyTorch — alternating, same machine.</summary>
internal sealed class TextLmBenchmark : ExampleCommand<TextLmBenchmarkOptions>
{
    /// <inheritdoc />
    public override string Name => "text-lm";

    /// <inheritdoc />
    public override string Summary => "AWD-LSTM language-model training: tokens/s of FastDays against libtorch's LSTM and Debian's PyTorch";

    /// <inheritdoc />
    public override int Run(TextLmBenchmarkOptions o)
    {
        Console.WriteLine($"AWD-LSTM vocab {o.Vocab}, emb {o.EmbSz}, hidden {o.NHid}, {o.NLayers} layers; batches {o.Bs} × {o.SeqLen}; {o.Batches} " +
            $"timed steps per run; torch threads {get_num_threads()}");
        var script = Path.Combine(AppContext.BaseDirectory, "bench_awd_lstm.py");
        var python = o.Python && DebianPython.Exists && File.Exists(script);
        var runs = new Dictionary<string, List<double>>(StringComparer.Ordinal)
        {
            ["FastDays AWD-LSTM"] = [], ["FastDays, libtorch LSTM (no weight dropout)"] = [],
        };
        if (python) { runs["PyTorch 1.13 AWD-LSTM"] = []; runs["PyTorch 1.13 LSTM (no weight dropout)"] = []; }
        var rss = new List<long>();
        for (var r = 0; r < o.Repeats; r++)
        {
            runs["FastDays AWD-LSTM"].Add(FastDays(o, native: false, rss));
            if (python) runs["PyTorch 1.13 AWD-LSTM"].Add(Python(o, script, "dropconnect"));
            runs["FastDays, libtorch LSTM (no weight dropout)"].Add(FastDays(o, native: true, []));
            if (python) runs["PyTorch 1.13 LSTM (no weight dropout)"].Add(Python(o, script, "plain"));
        }
        foreach (var (name, v) in runs)
        {
            var each = string.Join("  ", v.Select(t => t.ToString("N0", CultureInfo.InvariantCulture)));
            Console.WriteLine(FormattableString.Invariant($"{name,-46} {each} tokens/s (best {v.Max():N0})"));
        }
        if (python) Console.WriteLine(FormattableString.Invariant(
            $"FastDays / PyTorch, AWD-LSTM: {runs["FastDays AWD-LSTM"].Max() / runs["PyTorch 1.13 AWD-LSTM"].Max():F2}× the tokens per second"));
        Console.WriteLine($"FastDays RSS after each run's steps, MiB: {string.Join(" ", rss.Select(m => m >> 20))}");
        return 0;
    }

    private static double FastDays(TextLmBenchmarkOptions o, bool native, List<long> rss)
    {
        manual_seed(0);
        var config = AwdLstmConfig.Lm with { EmbSz = o.EmbSz, NHid = o.NHid, NLayers = o.NLayers };
        using nn.Module<Tensor, Tensor> model = native ? new NativeLm(o.Vocab, config) : new LanguageModel(o.Vocab, config);
        model.train();
        var opt = new AdamOptimizer(model.parameters(), 1e-3);
        using var data = randint(0, o.Vocab, [o.Batches + 3, o.Bs, o.SeqLen + 1]);
        void Step(int i)
        {
            using var scope = NewDisposeScope();
            var x = data[i, .., ..o.SeqLen];
            var y = data[i, .., 1..];
            var loss = nn.functional.cross_entropy(model.forward(x).reshape(-1, o.Vocab), y.reshape(-1));
            opt.ZeroGrad();
            loss.backward();
            opt.Step();
        }
        for (var i = 0; i < 3; i++) Step(i);
        var clock = Stopwatch.StartNew();
        for (var i = 3; i < o.Batches + 3; i++) Step(i);
        var seconds = clock.Elapsed.TotalSeconds;
        rss.Add(Environment.WorkingSet);
        opt.Dispose();
        return (double)o.Batches * o.Bs * o.SeqLen / seconds;
    }

    private static double Python(TextLmBenchmarkOptions o, string script, string variant)
    {
        var args = new[] { o.Vocab, o.EmbSz, o.NHid, o.NLayers, o.Bs, o.SeqLen, o.Batches }.Select(v => v.ToString(CultureInfo.InvariantCulture));
        var (code, output, error) = DebianPython.Run([script, .. args, variant]);
        if (code != 0) throw new InvalidOperationException($"{script} failed: {error.Trim().Split('\n')[^1]}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("tokens_per_s").GetDouble();
    }

    /// <summary>The same sizes on libtorch's LSTM modules (no weight dropout), the bar for the step-by-step LSTM.</summary>
    private sealed class NativeLm : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Embedding emb;
        private readonly TorchSharp.Modules.ModuleList<TorchSharp.Modules.LSTM> rnns;
        private readonly TorchSharp.Modules.Linear dec;

        public NativeLm(int vocab, AwdLstmConfig c) : base(nameof(NativeLm))
        {
            emb = nn.Embedding(vocab, c.EmbSz);
            rnns = nn.ModuleList([.. Enumerable.Range(0, c.NLayers).Select(l =>
                nn.LSTM(l == 0 ? c.EmbSz : c.NHid, l == c.NLayers - 1 ? c.EmbSz : c.NHid, batchFirst: true))]);
            dec = nn.Linear(c.EmbSz, vocab);
            dec.weight = emb.weight!;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var output = emb.forward(x);
            foreach (var rnn in rnns) output = rnn.forward(output).Item1;
            return dec.forward(output).MoveToOuterDisposeScope();
        }
    }
}
