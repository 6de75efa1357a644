using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>fastai's LrFinder: raises the learning rate exponentially each batch, stops when the loss diverges, and puts the weights back afterwards.</summary>
public sealed class LrFinder : ParamScheduler
{
    private Dictionary<string, TorchSharp.torch.Tensor>? _saved;
    private double _bestLoss;

    /// <summary>Sweeps from startLr to endLr over numIt batches (at least 6), stopping at divergence when stopDiv.</summary>
    public LrFinder(double startLr = 1e-7, double endLr = 10, int numIt = 100, bool stopDiv = true)
        : base(new Dictionary<string, Schedule[]>(StringComparer.Ordinal) { ["lr"] = [Schedules.SchedExp(Learner.CheckLr(startLr), Learner.CheckLr(endLr))] })
    {
        NumIt = Math.Max(numIt, 6);
        StopDiv = stopDiv;
    }

    /// <summary>The number of batches of the sweep.</summary>
    public int NumIt { get; }

    /// <summary>Whether the sweep stops once the smoothed loss exceeds four times the best.</summary>
    public bool StopDiv { get; }

    /// <inheritdoc />
    public override void BeforeFit()
    {
        base.BeforeFit();
        _saved = Learn.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
        _bestLoss = double.PositiveInfinity;
    }

    /// <inheritdoc />
    public override void BeforeBatch() => UpdateValues((double)Learn.TrainIter / NumIt);

    /// <inheritdoc />
    public override void AfterBatch()
    {
        base.AfterBatch();
        var loss = Learn.Recorder.LastSmoothLoss;
        if (loss < _bestLoss) _bestLoss = loss;
        if (StopDiv && (loss > 4 * _bestLoss || double.IsNaN(loss))) throw new CancelFitException();
        if (Learn.TrainIter >= NumIt) throw new CancelFitException();
    }

    /// <inheritdoc />
    public override void BeforeValidate() => throw new CancelValidException();

    /// <summary>Puts the weights the sweep started from back into the model, however the sweep ended.</summary>
    public override void Cleanup()
    {
        Learn.Opt?.ZeroGrad();
        if (_saved is null) return;
        using (TorchSharp.torch.no_grad())
            foreach (var (name, t) in Learn.Model.state_dict()) t.copy_(_saved[name]);
        foreach (var t in _saved.Values) t.Dispose();
        _saved = null;
    }
}
