using static TorchSharp.torch;

namespace FastDays.Text.Callbacks;

/// <summary>A recurrent model that keeps its last forward pass's activations for RNNRegularizer: the RNN's raw output and the same after dropout
/// (what fastai's models return beside their predictions).</summary>
public interface IRnnActivations
{
    /// <summary>The RNN's output before dropout, (batch, sequence, hidden), of the last forward pass.</summary>
    Tensor? RawOutput { get; }

    /// <summary>The RNN's output after dropout, of the last forward pass.</summary>
    Tensor? Output { get; }
}
