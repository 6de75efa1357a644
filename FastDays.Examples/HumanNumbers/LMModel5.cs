using FastDays.Text.Callbacks;
using TorchSharp.Modules;

namespace FastDays.Examples.HumanNumbers;

/// <summary>The book's LMModel5: libtorch's multi-layer RNN in place of the loop, state kept between batches.</summary>
internal sealed class LMModel5 : nn.Module<Tensor, Tensor>, IResettable
{
    private readonly Embedding i_h;
    private readonly RNN rnn;
    private readonly Linear h_o;
    private readonly RecurrentState _state = new();
    private readonly long _layers;
    private readonly long _hidden;

    public LMModel5(long vocabSz, long nHidden, long nLayers) : base(nameof(LMModel5))
    {
        (i_h, rnn, h_o) = (nn.Embedding(vocabSz, nHidden), nn.RNN(nHidden, nHidden, nLayers, batchFirst: true), nn.Linear(nHidden, vocabSz));
        (_layers, _hidden) = (nLayers, nHidden);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h0 = _state.For(1, _layers, x.shape[0], _hidden)[0];
        var (res, h) = rnn.forward(i_h.forward(x), h0);
        _state.Keep(h);
        return h_o.forward(res).MoveToOuterDisposeScope();
    }

    public void Reset() => _state.Reset();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _state.Dispose();
        base.Dispose(disposing);
    }
}
