using Spectre.Console;
using Spectre.Console.Rendering;

namespace FastDays.Callbacks;

/// <summary>A Spectre.Console progress display kept open across a fit: it refreshes on a thread of its own, shows what a callback renders above the
/// bar of the current pass, and leaves the last rendering of what is above on screen when stopped.</summary>
internal sealed class LiveDisplay
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ProgressContext> _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _display;
    private ProgressTask? _pass;

    private LiveDisplay(IAnsiConsole console, Func<IRenderable>? above)
    {
        Console = console;
        // Between passes only what is above is drawn (a hidden bar would still take lines), and a display of a bar alone clears itself when stopped:
        // either way no blank lines are left behind.
        var progress = console.Progress()
            .AutoClear(above is null)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(),
                new RemainingTimeColumn())
            .UseRenderHook((bar, _) => above is null ? bar : _pass is null ? above() : new Rows(above(), bar));
        progress.RefreshRate = TimeSpan.FromMilliseconds(200);
        _display = Task.Run(() => progress.StartAsync(async context =>
        {
            _running.TrySetResult(context);
            await _done.Task.ConfigureAwait(false);
        }));
    }

    /// <summary>The console the display draws on; lines written to it appear above the display.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Opens a display on the writer (the terminal when it is the console's output), or returns null when Spectre.Console cannot draw one.</summary>
    public static LiveDisplay? Start(TextWriter writer, Func<IRenderable>? above)
    {
        var console = ReferenceEquals(writer, System.Console.Out)
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(writer),
                Ansi = AnsiSupport.Yes,
                Interactive = InteractionSupport.Yes,
                ColorSystem = ColorSystemSupport.Standard,
            });
        var live = new LiveDisplay(console, above);
        if (Task.WaitAny(live._running.Task, live._display) == 0) return live;
        // The display ended before it started (e.g. another live display is active): the caller falls back to plain lines.
        live._display.Exception?.Handle(_ => true);
        return null;
    }

    /// <summary>Shows a new bar for a pass of the given number of batches.</summary>
    public void StartPass(string name, int batches) => _pass = _running.Task.Result.AddTask(name, autoStart: true, maxValue: Math.Max(1, batches));

    /// <summary>Moves the bar of the current pass and sets its text.</summary>
    public void Update(int done, string description)
    {
        if (_pass is null) return;
        _pass.Value = done;
        _pass.Description = description;
    }

    /// <summary>Completes the bar of the current pass, which then disappears.</summary>
    public void EndPass()
    {
        if (_pass is null) return;
        _pass.Value = _pass.MaxValue;
        _pass.StopTask();
        _pass = null;
    }

    /// <summary>Draws the display again now.</summary>
    public void Refresh() => _running.Task.Result.Refresh();

    /// <summary>Closes the display, leaving its last rendering on screen, and waits for its thread.</summary>
    public void Stop()
    {
        EndPass();
        _done.TrySetResult();
        _display.GetAwaiter().GetResult();
    }
}
