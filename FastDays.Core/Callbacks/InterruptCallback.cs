using System.Runtime.InteropServices;
using FastDays.Learning;

namespace FastDays.Callbacks;

/// <summary>Turns Ctrl-C (SIGINT) and SIGTERM (what kill, timeout and docker stop send) into a clean stop: the current batch finishes, a checkpoint is
/// saved, then the fit ends; a second signal ends the process as usual.</summary>
public sealed class InterruptCallback(string fname = "interrupted") : Callback, IDisposable
{
    private volatile bool _requested;
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <summary>After the Recorder and the other default callbacks, so the checkpoint holds the batch just done in full.</summary>
    public override int Order => 90;

    /// <summary>The checkpoint written when training was interrupted, or null.</summary>
    public string? SavedTo { get; private set; }

    /// <summary>The signal that stopped the fit (SIGINT or SIGTERM), or null when none did (or RequestStop did).</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>The exit code a program stopped this way should end with: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as a shell
    /// reports a process the signal ended; 1 after RequestStop.</summary>
    public int ExitCode => Signal switch { PosixSignal.SIGINT => 130, PosixSignal.SIGTERM => 143, _ => 1 };

    /// <summary>Asks the fit to stop after the current batch (what the signals do).</summary>
    public void RequestStop() => _requested = true;

    /// <inheritdoc />
    public override void BeforeFit()
    {
        (_requested, SavedTo, Signal) = (false, null, null);
        Unregister();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
    }

    /// <inheritdoc />
    public override void AfterBatch()
    {
        if (!_requested) return;
        SavedTo = Learn.Save(fname);
        var name = Signal is { } s ? $"{s}" : "a stop request";
        Console.Error.WriteLine($"{name}: stopped at epoch {Learn.Epoch}, batch {Learn.Iter}; checkpoint saved to {SavedTo}");
        Learn.StopRequested = true;   // not only this fit: whatever runs several fits (FineTune) stops too
        throw new CancelFitException();
    }

    /// <summary>Gives the signals back to their default handling, however the fit ended.</summary>
    public override void Cleanup() => Unregister();

    /// <summary>Gives the signals back to their default handling (Cleanup does at the end of every fit).</summary>
    public void Dispose() => Unregister();

    private void Unregister()
    {
        foreach (var r in _registrations) r.Dispose();
        _registrations.Clear();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_requested) return;   // a second signal ends the process
        context.Cancel = true;
        Signal = context.Signal;
        _requested = true;
    }
}
