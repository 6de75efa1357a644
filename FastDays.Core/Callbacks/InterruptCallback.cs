using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>Turns Ctrl-C into a clean stop: the current batch finishes, a checkpoint is saved, then the fit ends; a second Ctrl-C kills the process
/// as usual.</summary>
public sealed class InterruptCallback(string fname = "interrupted") : Callback
{
    private volatile bool _requested;

    /// <summary>After the Recorder and the other default callbacks, so the checkpoint holds the batch just done in full.</summary>
    public override int Order => 90;

    /// <summary>The checkpoint written when training was interrupted, or null.</summary>
    public string? SavedTo { get; private set; }

    /// <summary>Asks the fit to stop after the current batch (what Ctrl-C does).</summary>
    public void RequestStop() => _requested = true;

    /// <inheritdoc />
    public override void BeforeFit()
    {
        (_requested, SavedTo) = (false, null);
        Console.CancelKeyPress += OnCancel;
    }

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (!_requested) return;
        SavedTo = Learn.Save(fname);
        Console.Error.WriteLine($"interrupted at epoch {Learn.Epoch}, batch {Learn.Iter}: checkpoint saved to {SavedTo}");
        Learn.StopRequested = true;   // not only this fit: whatever runs several fits (FineTune) stops too
        throw new CancelFitException();
    }

    /// <inheritdoc />
    public override void AfterFit() => Console.CancelKeyPress -= OnCancel;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_requested) return;   // a second Ctrl-C terminates
        e.Cancel = true;
        _requested = true;
    }
}
