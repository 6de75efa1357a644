using FastDays.Text.Callbacks;
using TorchSharp.Modules;

namespace FastDays.Examples.HumanNumbers;

/// <summary>The book's LMModel3: the RNN keeps its hidden state from batch to batch (detached after each: truncated backpropagation), so each row of
/// a batch reads on where the same row of the previous batch stopped; ModelResetter clears it.</summary>
internal sealed class LMModel3 : nn.Module<Tensor, Tensor>, IResettable
{
    private readonly Embedding i_h;
    private readonly Linear h_h;
    private readonly Linear h_o;
    private readonly RecurrentState _state = new();
    private readonly long _hidden;

    public LMModel3(long vocabSz, long nHidden) : base(nameof(LMModel3))
    {
        (i_h, h_h, h_o) = (nn.Embedding(vocabSz, nHidden), nn.Linear(nHidden, nHidden), nn.Linear(nHidden, vocabSz));
        _hidden = nHidden;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = _state.For(1, 1, x.shape[0], _hidden)[0][0];   // zeros at first: the book's h = 0
        for (var i = 0; i < 3; i++) h = nn.functional.relu(h_h.forward(h.add(i_h.forward(x[.., i]), ScalarScope.One)));
        _state.Keep(h.unsqueeze(0));
        return h_o.forward(h).MoveToOuterDisposeScope();
    }

    public void Reset() => _state.Reset();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _state.Dispose();
        base.Dispose(disposing);
    }
}
