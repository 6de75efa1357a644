using TorchSharp.Modules;

namespace FastDays.Examples.HumanNumbers;

/// <summary>The book's LSTM cell written by hand (its refactored form): one linear layer from the input and one from the hidden state make the four
/// gates at once — input, forget and output through a sigmoid, the cell candidate through tanh.</summary>
internal sealed class BookLstmCell : nn.Module<Tensor, Tensor, Tensor, (Tensor H, Tensor C)>
{
    private readonly Linear ih;
    private readonly Linear hh;

    public BookLstmCell(long ni, long nh) : base(nameof(BookLstmCell))
    {
        (ih, hh) = (nn.Linear(ni, 4 * nh), nn.Linear(nh, 4 * nh));
        RegisterComponents();
    }

    public override (Tensor H, Tensor C) forward(Tensor input, Tensor h, Tensor c)
    {
        using var scope = NewDisposeScope();
        var gates = ih.forward(input).add(hh.forward(h), ScalarScope.One).chunk(4, 1);
        var (ingate, forgetgate, outgate, cellgate) = (gates[0].sigmoid(), gates[1].sigmoid(), gates[2].sigmoid(), gates[3].tanh());
        var cNext = forgetgate.mul(c).add(ingate.mul(cellgate), ScalarScope.One);
        var hNext = outgate.mul(cNext.tanh());
        return (hNext.MoveToOuterDisposeScope(), cNext.MoveToOuterDisposeScope());
    }
}
