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
    private Tensor? _h;

    public LMModel3(long vocabSz, long nHidden) : base(nameof(LMModel3))
    {
        (i_h, h_h, h_o) = (nn.Embedding(vocabSz, nHidden), nn.Linear(nHidden, nHidden), nn.Linear(nHidden, vocabSz));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = _h;
        for (var i = 0; i < 3; i++)
        {
            var input = i_h.forward(x[.., i]);
            h = nn.functional.relu(h_h.forward(h is null ? input : h.add(input, ScalarScope.One)));
        }
        var output = h_o.forward(h!).MoveToOuterDisposeScope();
        Keep(h!.detach());
        return output;
    }

    public void Reset() => Keep(null);

    private void Keep(Tensor? h)
    {
        var old = _h;
        _h = h?.DetachFromDisposeScope();
        old?.Dispose();
    }
}
