using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Text.Models;

/// <summary>fastai's LinearDecoder: dropout on the encoder's output, then a linear map to one score per token of the vocabulary, its matrix the
/// embedding's when tied (then the decoder owns only its bias).</summary>
public sealed class LinearDecoder : nn.Module<Tensor, Tensor>
{
    private readonly RnnDropout output_dp;
    private readonly Linear? decoder;
    private readonly Parameter? bias;
    // The tied embedding's matrix, read at every call and not registered here: the embedding owns it.
    private readonly Func<Tensor>? _tiedWeight;

    /// <summary>A decoder from nHid features to nOut tokens with output dropout outputP; tieEncoder, when given, lends its matrix.</summary>
    public LinearDecoder(int nOut, int nHid, double outputP = 0.1, Embedding? tieEncoder = null, bool bias = true) : base(nameof(LinearDecoder))
    {
        output_dp = new RnnDropout(outputP);
        if (tieEncoder is null)
        {
            decoder = nn.Linear(nHid, nOut, hasBias: bias);
            using (no_grad())
            {
                decoder.weight!.uniform_(-0.1, 0.1);
                if (decoder.bias is { } b) nn.init.zeros_(b);
            }
        }
        else
        {
            if (tieEncoder.weight!.shape is not [var rows, var cols] || rows != nOut || cols != nHid)
                throw new ArgumentException($"a tied decoder of {nHid} → {nOut} needs an embedding of {nOut} × {nHid}");
            _tiedWeight = () => tieEncoder.weight!;
            if (bias) this.bias = new Parameter(zeros(nOut));
        }
        RegisterComponents();
    }

    /// <summary>The encoder's output of the last forward pass before dropout.</summary>
    public Tensor? RawOutput { get; private set; }

    /// <summary>The same after dropout.</summary>
    public Tensor? Output { get; private set; }

    /// <summary>The decoder's matrix (the embedding's when tied).</summary>
    public Tensor Weight => _tiedWeight?.Invoke() ?? decoder!.weight!;

    /// <summary>Scores (batch, sequence, nOut) for the encoder's output (batch, sequence, nHid).</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dropped = output_dp.forward(input);
        (RawOutput, Output) = (input, dropped);
        return decoder is not null ? decoder.forward(dropped) : nn.functional.linear(dropped, _tiedWeight!(), bias);
    }
}
