using FastDays.Callbacks;
using FastDays.Learning;
using FastDays.Tests.Support;
using static TorchSharp.torch;

namespace FastDays.Tests.Callbacks;

public sealed class ProgressCallbackTests
{
    private const string ShowCursor = "\u001b[?25h";

    private static (Learner Learn, StringWriter Writer) Live(IEnumerable<Callback>? cbs = null)
    {
        var writer = new StringWriter();
        var learn = SynthLearner.Create(quiet: false, cbs: cbs, metrics: [FastDays.Metrics.Metric.Mae()]);
        var progress = learn.Cb<ProgressCallback>()!;
        (progress.Writer, progress.ShowBar) = (writer, true);
        return (learn, writer);
    }

    [Test]
    public void TheProgressTableIsPlainLinesWhenOutputIsRedirected()
    {
        var writer = new StringWriter();
        var learn = SynthLearner.Create(quiet: false, metrics: [FastDays.Metrics.Metric.Mae()]);
        var progress = learn.Cb<ProgressCallback>()!;
        progress.Writer = writer;
        progress.ShowBar = false;
        learn.Fit(2);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "epoch", "train_loss", "valid_loss", "mae", "time" }));
        Assert.That(lines[2], Does.Match(@"^1\s+\d+\.\d{6}\s+\d+\.\d{6}\s+\d+\.\d{6}\s+\d\d:\d\d$"));
        Assert.That(writer.ToString(), Does.Not.Contain("\r"));
    }

    [Test]
    public void WideValuesInTheProgressTableStaySeparated()
    {
        var writer = new StringWriter();
        var big = new FastDays.Metrics.AvgMetric("big", (p, t) => full([], 123456789.0, dtype: ScalarType.Float64));
        var learn = SynthLearner.Create(quiet: false, metrics: [big]);
        var progress = learn.Cb<ProgressCallback>()!;
        progress.Writer = writer;
        progress.ShowBar = false;
        learn.Fit(1);
        var row = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.That(row.Split(' ', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(5), row);
        Assert.That(row, Does.Contain("123456789.000000 "));
    }

    [Test]
    public void OnATerminalTheLiveDisplayKeepsTheTableAndEndsWithTheCursorShown()
    {
        var (learn, writer) = Live();
        learn.Fit(2);
        var text = writer.ToString();
        Assert.That(text, Does.Contain("\u001b["), "drawn with ANSI control sequences");
        foreach (var name in new[] { "epoch", "train_loss", "valid_loss", "mae", "time" }) Assert.That(text, Does.Contain(name));
        var lastRow = learn.Recorder.Log;
        Assert.That(text, Does.Contain(((double)lastRow[1]).ToString("F6", System.Globalization.CultureInfo.InvariantCulture)), "the last epoch's train loss");
        Assert.That(text, Does.Contain(((double)lastRow[3]).ToString("F6", System.Globalization.CultureInfo.InvariantCulture)), "the last epoch's mae");
        Assert.That(text.TrimEnd(), Does.EndWith(ShowCursor).Or.Contain(ShowCursor), "the cursor is shown again when the display closes");
        Assert.That(text.LastIndexOf(ShowCursor, StringComparison.Ordinal), Is.GreaterThan(text.LastIndexOf("mae", StringComparison.Ordinal)));
    }

    [Test]
    public void AValidationPassOutsideAFitHasADisplayOfItsOwnThatCloses()
    {
        var (learn, writer) = Live(cbs: [new Sleeper()]);   // slow enough for the display to draw the bar
        for (var i = 0; i < 2; i++)   // a display left open would make the second one fail: Spectre.Console allows one at a time
        {
            var (preds, targets) = learn.GetPreds();
            preds.Dispose();
            targets.Dispose();
        }
        var text = writer.ToString();
        Assert.That(text, Does.Contain("valid"));
        Assert.That(text.Split(ShowCursor).Length - 1, Is.EqualTo(2), "each pass's display closed");
    }

    [Test]
    public void AMessageDuringAFitIsWrittenAboveTheDisplayAndAFailedFitClosesIt()
    {
        var (learn, writer) = Live(cbs: [new Talker()]);
        learn.Fit(1);
        Assert.That(writer.ToString(), Does.Contain("hello from epoch 0"));
        learn.AddCbs([new Thrower()]);
        Assert.That(() => learn.Fit(1), Throws.TypeOf<CallbackException>().With.Message.Contains("boom"));
        learn.RemoveCbs([.. learn.Cbs.OfType<Thrower>()]);
        Assert.That(() => learn.Fit(1), Throws.Nothing, "the failed fit's display was closed, so the next one can open");
    }

    private sealed class Talker : Callback
    {
        public override void AfterEpoch() => ProgressCallback.WriteLine(Learn, $"hello from epoch {Learn.Epoch}");
    }

    private sealed class Sleeper : Callback
    {
        public override void BeforeBatch() => Thread.Sleep(300);
    }

    private sealed class Thrower : Callback
    {
        public override void AfterBatch()
        {
            if (Learn.Iter == 3) throw new InvalidOperationException("boom");
        }
    }
}
