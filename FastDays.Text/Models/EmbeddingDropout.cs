using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Text.Models;

/// <summary>fastai's EmbeddingDropout: in training, whole words of an embedding are dropped — each row of its matrix zeroed with probability
/// embedP for the batch, the rest scaled by 1/(1 − embedP) — so a word is either seen or missing everywhere in the batch.</summary>
public sealed class EmbeddingDropout : nn.Module<Tensor, Tensor>
{
    // The embedding the model holding both owns; it appears in the state dictionary twice (encoder.weight, encoder_dp.emb.weight) as in fastai's.
    private readonly Embedding emb;

    /// <summary>Wraps an embedding whose rows are dropped with probability embedP.</summary>
    public EmbeddingDropout(Embedding emb, double embedP) : base(nameof(EmbeddingDropout))
    {
        ArgumentNullException.ThrowIfNull(emb);
        if (embedP is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(embedP), embedP, "a dropout probability is in [0, 1)");
        (this.emb, EmbedP) = (emb, embedP);
    }

    /// <summary>The probability a word is dropped.</summary>
    public double EmbedP { get; }

    /// <summary>The embeddings of word indices (any shape), with rows dropped in training.</summary>
    public override Tensor forward(Tensor words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (!training || EmbedP == 0) return emb.forward(words);
        using var scope = NewDisposeScope();
        var weight = emb.weight!;
        using var scalars = new ScalarScope();
        var mask = empty(weight.shape[0], 1, dtype: weight.dtype, device: weight.device).bernoulli_(1 - EmbedP).div_(scalars.Of(1 - EmbedP));
        var masked = weight.mul(mask);
        var flat = masked.index_select(0, words.reshape(-1));
        return flat.reshape([.. words.shape, weight.shape[1]]).MoveToOuterDisposeScope();
    }
}
