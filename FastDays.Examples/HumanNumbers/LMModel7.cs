using FastDays.Text.Callbacks;
using TorchSharp.Modules;

namespace FastDays.Examples.HumanNumbers;

/// <summary>The book's LMModel7: LMModel6 with dropout before the output layer, the output layer's weights tied to the embedding's, and its raw and
/// dropped-out activations kept for RnnRegularizer (AR and TAR).</summary>
internal sealed class LMModel7 : nn.Module<Tensor, Tensor>, IResettable, IRnnActivations
{
    private readonly Embedding i_h;
    private readonly LSTM rnn;
    private readonly Dropout drop;
    private readonly Linear h_o;
    private readonly RecurrentState _state = new();
    private readonly long _layers;
    private readonly long _hidden;

    public LMModel7(long vocabSz, long nHidden, long nLayers, double p) : base(nameof(LMModel7))
    {
        (i_h, rnn, drop) = (nn.Embedding(vocabSz, nHidden), nn.LSTM(nHidden, nHidden, nLayers, batchFirst: true), nn.Dropout(p));
        h_o = nn.Linear(nHidden, vocabSz);
        h_o.weight = i_h.weight!;   // weight tying: one matrix maps words to activations and back
        (_layers, _hidden) = (nLayers, nHidden);
        RegisterComponents();
    }

    public Tensor? RawOutput { get; private set; }

    public Tensor? Output { get; private set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var state = _state.For(2, _layers, x.shape[0], _hidden);
        var (raw, h, c) = rnn.forward(i_h.forward(x), (state[0], state[1]));
        var output = drop.forward(raw);
        _state.Keep(h, c);
        // The activations live in the caller's scope (the batch's), as the prediction does.
        (RawOutput, Output) = (raw.MoveToOuterDisposeScope(), output.MoveToOuterDisposeScope());
        return h_o.forward(output).MoveToOuterDisposeScope();
    }

    public void Reset() => _state.Reset();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _state.Dispose();
        base.Dispose(disposing);
    }
}
