using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Text.Models;

/// <summary>The weights of a one-layer LSTM other than its hidden-to-hidden matrix, named as PyTorch's nn.LSTM names them (weight_ih_l0,
/// bias_ih_l0, bias_hh_l0), so that a fastai AWD-LSTM's state dictionary (rnns.N.module.…) loads as it is.</summary>
public sealed class LstmWeights : nn.Module
{
    private readonly Parameter weight_ih_l0;
    private readonly Parameter bias_ih_l0;
    private readonly Parameter bias_hh_l0;

    /// <summary>Input-to-hidden weights and both biases, gates in PyTorch's order (input, forget, cell, output), uniform in ±1/√hidden as
    /// nn.LSTM's.</summary>
    public LstmWeights(long inputSize, long hiddenSize) : base(nameof(LstmWeights))
    {
        var bound = 1 / Math.Sqrt(hiddenSize);
        Parameter Uniform(params long[] shape)
        {
            using var noGrad = no_grad();
            return new Parameter(empty(shape).uniform_(-bound, bound));
        }
        (weight_ih_l0, bias_ih_l0, bias_hh_l0) = (Uniform(4 * hiddenSize, inputSize), Uniform(4 * hiddenSize), Uniform(4 * hiddenSize));
        RegisterComponents();
    }

    /// <summary>Input-to-hidden weights (4·hidden, input).</summary>
    public Parameter WeightIh => weight_ih_l0;

    /// <summary>Input-to-hidden bias (4·hidden).</summary>
    public Parameter BiasIh => bias_ih_l0;

    /// <summary>Hidden-to-hidden bias (4·hidden).</summary>
    public Parameter BiasHh => bias_hh_l0;
}
