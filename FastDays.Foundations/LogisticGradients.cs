using static TorchSharp.torch;

namespace FastDays.Foundations;

/// <summary>The gradients dw (n, 1) and db (0-dim) of the logistic cost, with the cost itself; owns its tensors.</summary>
public sealed class LogisticGradients : IDisposable
{
    /// <summary>Takes ownership of dw and db, detaching them from any dispose scope.</summary>
    public LogisticGradients(Tensor dw, Tensor db, double cost)
    {
        ArgumentNullException.ThrowIfNull(dw);
        ArgumentNullException.ThrowIfNull(db);
        Dw = dw.DetachFromDisposeScope();
        Db = db.DetachFromDisposeScope();
        Cost = cost;
    }

    /// <summary>∂J/∂w, shape (n, 1).</summary>
    public Tensor Dw { get; }

    /// <summary>∂J/∂b, a 0-dim tensor.</summary>
    public Tensor Db { get; }

    /// <summary>The cost J at the point where the gradients were taken.</summary>
    public double Cost { get; }

    /// <summary>dw and db as one flat array of doubles, dw first and db last.</summary>
    public double[] ToArray()
    {
        using var dw = Dw.to_type(ScalarType.Float64);
        using var db = Db.to_type(ScalarType.Float64);
        return [.. dw.data<double>(), db.item<double>()];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dw.Dispose();
        Db.Dispose();
    }
}
