using FastDays.Text.Callbacks;
using TorchSharp.Modules;

namespace FastDays.Examples.HumanNumbers;

/// <summary>The book's LMModel6: the same network with a two-layer LSTM, whose cell state carries memory without exploding activations.</summary>
internal sealed class LMModel6 : nn.Module<Tensor, Tensor>, IResettable
{
    private readonly Embedding i_h;
    private readonly LSTM rnn;
    private readonly Linear h_o;
    private readonly RecurrentState _state = new();
    private readonly long _layers;
    private readonly long _hidden;

    public LMModel6(long vocabSz, long nHidden, long nLayers) : base(nameof(LMModel6))
    {
        (i_h, rnn, h_o) = (nn.Embedding(vocabSz, nHidden), nn.LSTM(nHidden, nHidden, nLayers, batchFirst: true), nn.Linear(nHidden, vocabSz));
        (_layers, _hidden) = (nLayers, nHidden);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var state = _state.For(2, _layers, x.shape[0], _hidden);
        var (res, h, c) = rnn.forward(i_h.forward(x), (state[0], state[1]));
        _state.Keep(h, c);
        return h_o.forward(res).MoveToOuterDisposeScope();
    }

    public void Reset() => _state.Reset();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _state.Dispose();
        base.Dispose(disposing);
    }
}
