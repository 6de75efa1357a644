using TorchSharp.Modules;

namespace FastDays.Examples.HumanNumbers;

/// <summary>The book's LMModel1 refactored as a loop: the first recurrent neural network (the hidden state starts at zero for every sequence).</summary>
internal sealed class LMModel2 : nn.Module<Tensor, Tensor>
{
    private readonly Embedding i_h;
    private readonly Linear h_h;
    private readonly Linear h_o;

    public LMModel2(long vocabSz, long nHidden) : base(nameof(LMModel2))
    {
        (i_h, h_h, h_o) = (nn.Embedding(vocabSz, nHidden), nn.Linear(nHidden, nHidden), nn.Linear(nHidden, vocabSz));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor? h = null;
        for (var i = 0; i < 3; i++)
        {
            var input = i_h.forward(x[.., i]);
            h = nn.functional.relu(h_h.forward(h is null ? input : h.add(input, ScalarScope.One)));
        }
        return h_o.forward(h!).MoveToOuterDisposeScope();
    }
}
