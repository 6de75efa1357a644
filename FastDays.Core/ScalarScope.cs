using TorchSharp;

namespace FastDays;

/// <summary>Owns the TorchSharp Scalars made for a few tensor calls and frees them together, so none is left to the finalizer thread.</summary>
/// <remarks>
/// TorchSharp 0.107 turns C# numbers into native Scalars implicitly (<c>t * 0.5</c>, <c>t.add_(1)</c>, the default alpha of
/// <c>a.add(b)</c>) and never frees them: the garbage collector's finalizer does, and it may do so while libtorch is still
/// reading the Scalar inside the call that received it, because nothing keeps the Scalar reachable once its handle has been
/// passed. That is a use after free, seen as "Unknown scalar type" or a crash. A Scalar held by a live ScalarScope stays
/// reachable until the scope is disposed. FastDays' tests check that its own code makes no implicit Scalars.
/// </remarks>
public sealed class ScalarScope : IDisposable
{
    private readonly List<Scalar> _scalars = [];

    /// <summary>A Scalar 1 that lives as long as the process (the alpha of add and add_).</summary>
    public static Scalar One { get; } = 1.ToScalar();

    /// <summary>A Scalar of a floating-point value, freed with the scope.</summary>
    public Scalar Of(double value) => Keep(value.ToScalar());

    /// <summary>A Scalar of an integer value, freed with the scope.</summary>
    public Scalar Of(long value) => Keep(value.ToScalar());

    private Scalar Keep(Scalar scalar)
    {
        ObjectDisposedException.ThrowIf(_scalars is null, this);
        _scalars.Add(scalar);
        return scalar;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in _scalars) s.Dispose();
        _scalars.Clear();
    }
}
