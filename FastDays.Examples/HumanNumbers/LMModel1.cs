using TorchSharp.Modules;

namespace FastDays.Examples.HumanNumbers;

/// <summary>The book's first language model: three words in, the fourth out; one embedding, one hidden layer used at every step, one output layer.
/// </summary>
internal sealed class LMModel1 : nn.Module<Tensor, Tensor>
{
    private readonly Embedding i_h;
    private readonly Linear h_h;
    private readonly Linear h_o;

    public LMModel1(long vocabSz, long nHidden) : base(nameof(LMModel1))
    {
        (i_h, h_h, h_o) = (nn.Embedding(vocabSz, nHidden), nn.Linear(nHidden, nHidden), nn.Linear(nHidden, vocabSz));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.relu(h_h.forward(i_h.forward(x[.., 0])));
        h = nn.functional.relu(h_h.forward(h.add(i_h.forward(x[.., 1]), ScalarScope.One)));
        h = nn.functional.relu(h_h.forward(h.add(i_h.forward(x[.., 2]), ScalarScope.One)));
        return h_o.forward(h).MoveToOuterDisposeScope();
    }
}
