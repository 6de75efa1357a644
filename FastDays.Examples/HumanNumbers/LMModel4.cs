using FastDays.Text.Callbacks;
using TorchSharp.Modules;

namespace FastDays.Examples.HumanNumbers;

/// <summary>The book's LMModel4: a prediction after every word of the sequence (more signal), state kept between batches.</summary>
internal sealed class LMModel4 : nn.Module<Tensor, Tensor>, IResettable
{
    private readonly Embedding i_h;
    private readonly Linear h_h;
    private readonly Linear h_o;
    private readonly RecurrentState _state = new();
    private readonly long _hidden;

    public LMModel4(long vocabSz, long nHidden) : base(nameof(LMModel4))
    {
        (i_h, h_h, h_o) = (nn.Embedding(vocabSz, nHidden), nn.Linear(nHidden, nHidden), nn.Linear(nHidden, vocabSz));
        _hidden = nHidden;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = _state.For(1, 1, x.shape[0], _hidden)[0][0];   // zeros at first: the book's h = 0
        var outs = new List<Tensor>();
        for (var i = 0; i < x.shape[1]; i++)
        {
            h = nn.functional.relu(h_h.forward(h.add(i_h.forward(x[.., i]), ScalarScope.One)));
            outs.Add(h_o.forward(h));
        }
        _state.Keep(h.unsqueeze(0));
        return stack(outs, 1).MoveToOuterDisposeScope();
    }

    public void Reset() => _state.Reset();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _state.Dispose();
        base.Dispose(disposing);
    }
}
