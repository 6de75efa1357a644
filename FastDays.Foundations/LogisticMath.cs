using static TorchSharp.torch;

namespace FastDays.Foundations;

/// <summary>The sigmoid and the logistic cost in forms that stay finite for any logit, on doubles and on tensors.</summary>
public static class LogisticMath
{
    /// <summary>σ(z) = 1/(1+e^−z), evaluated so that e^z never overflows.</summary>
    public static double Sigmoid(double z)
    {
        if (z >= 0) return 1.0 / (1.0 + Math.Exp(-z));
        var e = Math.Exp(z);
        return e / (1.0 + e);
    }

    /// <summary>softplus(z) = log(1+e^z) = max(z,0) + log(1+e^−|z|), which never overflows.</summary>
    public static double Softplus(double z) => Math.Max(z, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs(z)));

    /// <summary>The loss of one example from its logit: −[y log σ(z) + (1−y) log(1−σ(z))] = softplus(z) − y·z.</summary>
    public static double Loss(double z, double y) => Softplus(z) - y * z;

    /// <summary>The cost J, the mean loss over examples, from logits z and labels y of the same shape, as a 0-dim tensor.</summary>
    /// <remarks>log σ(z) = −softplus(−z) and log(1−σ(z)) = −softplus(z), so J = mean(softplus(z) − y·z): no log of 0, no exp overflow.</remarks>
    public static Tensor Cost(Tensor z, Tensor y)
    {
        CheckSameShape(z, y);
        using var scope = NewDisposeScope();
        var softplus = z.relu().add(z.abs().neg().exp().log1p(), ScalarScope.One);   // max(z, 0) + log(1 + e^−|z|)
        return softplus.sub(y.mul(z)).mean().MoveToOuterDisposeScope();
    }

    /// <summary>Throws unless logits and labels are given and have the same shape, naming both shapes.</summary>
    internal static void CheckSameShape(Tensor z, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(y);
        if (!z.shape.SequenceEqual(y.shape))
            throw new ArgumentException($"logits of shape {Tuple(z)} and labels of shape {Tuple(y)} differ");
    }

    /// <summary>Throws unless w has shape (n, 1) and b holds one number, naming the shape at fault.</summary>
    internal static void CheckParameters(Tensor w, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(b);
        if (w.dim() != 2 || w.shape[1] != 1) throw new ArgumentException($"w must have shape (n, 1), got {Tuple(w)}");
        if (b.numel() != 1) throw new ArgumentException($"b must hold one number, got shape {Tuple(b)}");
    }

    /// <summary>Throws unless X has shape (n, m): n features (any n when null), examples as columns.</summary>
    internal static void CheckInputs(Tensor x, long? n)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || (n is { } features && x.shape[0] != features))
            throw new ArgumentException($"X must have shape ({(n is null ? "n" : n)}, m) with examples as columns, got {Tuple(x)}");
    }

    /// <summary>A shape as NumPy prints it, (n, m): the book's notation.</summary>
    internal static string Tuple(Tensor t) => $"({string.Join(", ", t.shape)})";
}
