using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Tests.Support;

/// <summary>fastai's RegModel: y = a·x + b with two scalar parameters.</summary>
public sealed class RegModel : nn.Module<Tensor, Tensor>
{
    private readonly Parameter a = nn.Parameter(zeros(1));
    private readonly Parameter b = nn.Parameter(zeros(1));

    public RegModel() : base(nameof(RegModel)) => RegisterComponents();

    public double A => a.item<float>();

    public double B => b.item<float>();

    public override Tensor forward(Tensor x) => x * a + b;
}
