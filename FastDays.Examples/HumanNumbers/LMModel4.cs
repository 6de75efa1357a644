using FastDays.Text.Callbacks;
using TorchSharp.Modules;

namespace FastDays.Examples.HumanNumbers;

/// <summary>The book's LMModel4: a prediction after every word of the sequence (more signal), state kept between batches.</summary>
internal sealed class LMModel4 : nn.Module<Tensor, Tensor>, IResettable
{
    private readonly Embedding i_h;
    private readonly Linear h_h;
    private readonly Linear h_o;
    private Tensor? _h;

    public LMModel4(long vocabSz, long nHidden) : base(nameof(LMModel4))
    {
        (i_h, h_h, h_o) = (nn.Embedding(vocabSz, nHidden), nn.Linear(nHidden, nHidden), nn.Linear(nHidden, vocabSz));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = _h;
        var outs = new List<Tensor>();
        for (var i = 0; i < x.shape[1]; i++)
        {
            var input = i_h.forward(x[.., i]);
            h = nn.functional.relu(h_h.forward(h is null ? input : h.add(input, ScalarScope.One)));
            outs.Add(h_o.forward(h));
        }
        var output = stack(outs, 1).MoveToOuterDisposeScope();
        var state = h!.detach();
        var old = _h;
        _h = state.DetachFromDisposeScope();
        old?.Dispose();
        return output;
    }

    public void Reset()
    {
        _h?.Dispose();
        _h = null;
    }
}
