namespace FastDays.Examples.HumanNumbers;

/// <summary>The hidden state a recurrent model carries from batch to batch: owned outside every dispose scope, replaced by a detached copy after each
/// batch (truncated backpropagation), zeros when cleared or when the batch size changes.</summary>
internal sealed class RecurrentState : IDisposable
{
    private Tensor[] _parts = [];

    /// <summary>The state for a batch, as count tensors of shape (layers, batch, hidden): the kept ones, or zeros.</summary>
    public Tensor[] For(int count, long layers, long batch, long hidden)
    {
        if (_parts.Length == count && _parts[0].shape[1] == batch) return _parts;
        Replace([.. Enumerable.Range(0, count).Select(_ => zeros(layers, batch, hidden))]);
        return _parts;
    }

    /// <summary>Keeps detached copies of the state the batch ended with.</summary>
    public void Keep(params Tensor[] parts) => Replace([.. parts.Select(p => p.detach())]);

    /// <summary>Clears the state (fastai's reset).</summary>
    public void Reset() => Replace([]);

    /// <inheritdoc />
    public void Dispose() => Reset();

    private void Replace(Tensor[] parts)
    {
        foreach (var p in parts) p.DetachFromDisposeScope();
        foreach (var p in _parts) p.Dispose();
        _parts = parts;
    }
}
