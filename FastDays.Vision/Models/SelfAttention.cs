using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Models;

/// <summary>fastai's SelfAttention (SAGAN): 1×1 convolutions make queries and keys of n/8 channels and values of n; every position attends to every
/// other, and the result, scaled by a gamma that starts at zero, is added to the input. fastai's spectral normalisation of the convolutions is left
/// out (TorchSharp has none), so the layer starts as the identity all the same.</summary>
public sealed class SelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Conv1d query;
    private readonly Conv1d key;
    private readonly Conv1d value;
    private readonly Parameter gamma;

    /// <summary>Attention over the positions of an (N, channels, H, W) input.</summary>
    public SelfAttention(long channels) : base(nameof(SelfAttention))
    {
        if (channels < 8) throw new ArgumentOutOfRangeException(nameof(channels), channels, "self-attention needs at least 8 channels");
        query = nn.Conv1d(channels, channels / 8, 1, bias: false);
        key = nn.Conv1d(channels, channels / 8, 1, bias: false);
        value = nn.Conv1d(channels, channels, 1, bias: false);
        gamma = new Parameter(zeros(1));
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var conv in new[] { query, key, value }) nn.init.kaiming_normal_(conv.weight!);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var flat = x.reshape(x.shape[0], x.shape[1], -1);
        var (f, g, h) = (query.forward(flat), key.forward(flat), value.forward(flat));
        var beta = f.transpose(1, 2).bmm(g).softmax(1);
        return h.bmm(beta).mul(gamma).add(flat, ScalarScope.One).reshape(x.shape).MoveToOuterDisposeScope();
    }
}
