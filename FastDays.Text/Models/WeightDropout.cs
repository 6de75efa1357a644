using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Text.Models;

/// <summary>fastai's WeightDropout around a one-layer LSTM (AWD-LSTM's DropConnect): the hidden-to-hidden matrix is kept raw (weight_hh_l0_raw) and
/// a dropped-out copy of it, drawn once per batch in training, is what the LSTM multiplies by; gradients reach the raw matrix through the dropout.
/// The LSTM runs step by step on the dropped matrix (libtorch's LSTM takes only its own weights), with the input projection of every step done in
/// one product first, as libtorch does on the CPU.</summary>
public sealed class WeightDropout : nn.Module<Tensor, (Tensor H, Tensor C), (Tensor Output, Tensor H, Tensor C)>
{
    private readonly LstmWeights module;
    private readonly Parameter weight_hh_l0_raw;

    /// <summary>A one-layer LSTM from inputSize to hiddenSize features whose hidden-to-hidden weights are dropped with probability weightP.</summary>
    public WeightDropout(long inputSize, long hiddenSize, double weightP) : base(nameof(WeightDropout))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        if (weightP is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(weightP), weightP, "a dropout probability is in [0, 1)");
        (InputSize, HiddenSize, WeightP) = (inputSize, hiddenSize, weightP);
        module = new LstmWeights(inputSize, hiddenSize);
        var bound = 1 / Math.Sqrt(hiddenSize);
        using (no_grad()) weight_hh_l0_raw = new Parameter(empty(4 * hiddenSize, hiddenSize).uniform_(-bound, bound));
        RegisterComponents();
    }

    /// <summary>Input features.</summary>
    public long InputSize { get; }

    /// <summary>Hidden (and output) features.</summary>
    public long HiddenSize { get; }

    /// <summary>The probability a hidden-to-hidden weight is dropped in training.</summary>
    public double WeightP { get; }

    /// <summary>The raw hidden-to-hidden matrix (4·hidden, hidden), what the optimizer updates.</summary>
    public Parameter WeightHhRaw => weight_hh_l0_raw;

    /// <summary>The other weights of the LSTM.</summary>
    public LstmWeights Weights => module;

    /// <summary>Runs the LSTM over x (batch, sequence, input) from the state (h, c), each (batch, hidden): the outputs (batch, sequence, hidden) and
    /// the last state.</summary>
    public override (Tensor Output, Tensor H, Tensor C) forward(Tensor x, (Tensor H, Tensor C) state)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 3 || x.shape[2] != InputSize)
            throw new ArgumentException($"an LSTM of {InputSize} inputs takes (batch, sequence, {InputSize}), got ({string.Join(", ", x.shape)})", nameof(x));
        using var scope = NewDisposeScope();
        var whh = training && WeightP > 0 ? nn.functional.dropout(weight_hh_l0_raw, WeightP, training: true) : weight_hh_l0_raw.alias();
        var (h, c) = state;
        var steps = x.shape[1];
        var n = HiddenSize;
        var projected = nn.functional.linear(x, module.WeightIh, module.BiasIh.add(module.BiasHh, ScalarScope.One));
        var whhT = whh.t();
        var outputs = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            var gates = projected.select(1, t).addmm(h, whhT);
            var sig = gates.sigmoid();
            var cell = gates.narrow(1, 2 * n, n).tanh();
            c = sig.narrow(1, n, n).mul(c).add(sig.narrow(1, 0, n).mul(cell), ScalarScope.One);
            h = sig.narrow(1, 3 * n, n).mul(c.tanh());
            outputs[t] = h;
        }
        var output = stack(outputs, 1);
        return (output.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
    }
}
