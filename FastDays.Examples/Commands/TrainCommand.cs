using System.Diagnostics;
using System.Globalization;
using FastDays.Persistence;
using FastDays.Vision.Learning;
using FastDays.Vision.Transforms;

namespace FastDays.Examples.Commands;

/// <summary>README command 1: trains a CNN on the best Fashion-MNIST copy found, with fastai's one-cycle policy.</summary>
internal sealed class TrainCommand : ExampleCommand<TrainOptions>
{
    /// <summary>The config read when --config is not given.</summary>
    public const string DefaultConfig = "configs/train.yaml";

    /// <inheritdoc />
    public override string Name => "train";

    /// <inheritdoc />
    public override string Summary =>
        $"Train a CNN on Fashion-MNIST with FitOneCycle (options from --config FILE, default {DefaultConfig}, then the command line)";

    /// <inheritdoc />
    public override int Run(TrainOptions setup)
    {
        // Options: the record's defaults, the config file (configs/train.yaml states them), the command line.
        var clock = Stopwatch.StartNew();
        var device = TorchDevices.Resolve(setup.Device);
        var resume = setup.Resume;
        if (setup.Ensemble > 1 && resume is not null)
            throw new ArgumentException("--resume continues one model: use it with --ensemble 1 and PATH/memberK/models/interrupted.ckpt");
        if (resume is not null) SafeFile.CheckRegular(resume, "checkpoint");   // before the data is loaded: a wrong path fails at once
        var data = DataChoice.LoadFashionMnist(setup.Data);
        Console.WriteLine($"data: {data.Describe()}");
        Console.WriteLine($"device: {device}, {setup.Describe()}");

        // Ensembling (the book's chapter 9): train several models that differ only in their seed and average their predicted probabilities.
        Tensor? sum = null;
        Tensor? targets = null;
        var (accuracy, members) = (0.0, 0);
        try
        {
            for (var k = 0; k < setup.Ensemble; k++)
            {
                var member = setup.Ensemble == 1 ? setup : setup with { Seed = setup.Seed + k, Path = Path.Combine(setup.Path, $"member{k}") };
                if (setup.Ensemble > 1) Console.WriteLine($"ensemble member {k + 1} of {setup.Ensemble}: seed {member.Seed}, path {member.Path}");
                var (probs, memberTargets, memberAccuracy, interrupted) = TrainOne(member, data, device, resume);
                if (interrupted is { } exitCode || probs is null || memberTargets is null) return interrupted ?? 1;
                (accuracy, members) = (memberAccuracy, members + 1);
                targets?.Dispose();
                targets = memberTargets;
                var previous = sum;
                sum = previous is null ? probs : previous.add(probs, ScalarScope.One);
                if (previous is not null)
                {
                    previous.Dispose();
                    probs.Dispose();
                }
            }
            if (members > 1)
            {
                using var correct = sum!.argmax(1).eq(targets!).to_type(ScalarType.Float64).mean();
                accuracy = correct.item<double>();
                Console.WriteLine($"ensemble of {members} models{(setup.Tta ? " with flip TTA" : "")}: accuracy {accuracy:F4}");
            }
        }
        finally
        {
            sum?.Dispose();
            targets?.Dispose();
        }
        Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F0} s (data, training, evaluation and saving), final accuracy {accuracy:F4}");
        return 0;
    }

    // One model: fit, report, predict the test set (with flip TTA when asked), save and export. Returns the probabilities and the targets, or, when
    // a signal stopped the fit, the exit code to end with: then only PATH/models/interrupted.ckpt is written, and the final checkpoint and export
    // of an earlier whole run stay as they were.
    private static (Tensor? Probs, Tensor? Targets, double Accuracy, int? Interrupted) TrainOne(TrainOptions setup, FashionMnistData data, Device device,
        string? resume)
    {
        // The learner: images normalised (and augmented) on the device, the model of the config, cross-entropy, accuracy on the test set.
        var learn = setup.CreateLearner(data, device);
        // Checkpoints keep the options that make the run what it is, and a resume with others is refused naming them: where the files are,
        // the hardware it runs on and how it is evaluated may change; the number of epochs the learner checks itself, with its own message.
        learn.KeepOnResume(setup, "--data", "--path", "--resume", "--device", "--precision", "--channels-last", "--tta", "--ensemble", "--epochs");
        if (resume is not null)
        {
            // A checkpoint of this config (Ctrl-C writes runs/train/models/interrupted.ckpt) continues exactly where it stopped.
            var at = learn.Resume(resume).Resuming!;
            if (at.NEpoch != setup.Epochs)
                throw new ArgumentException($"{resume} continues a run of {at.NEpoch} epochs: resume it with --epochs {at.NEpoch}, not {setup.Epochs} " +
                    "(the one-cycle schedule depends on the number of epochs)");
            Console.WriteLine($"resuming {resume} at epoch {at.Epoch}, batch {at.Batch}");
        }

        // One cycle: warm up to lr, then anneal. Ctrl-C or SIGTERM stops after the batch with a checkpoint;
        // a NaN loss stops with the epoch and batch named; the table also goes to PATH/history.csv.
        using var interrupt = new InterruptCallback();
        var fitClock = Stopwatch.StartNew();
        Callback[] cbs = [interrupt, new TerminateOnNaNCallback(), new CsvLogger()];
        if (setup.Schedule == "flat_cos") learn.FitFlatCos(setup.Epochs, setup.Lr, pctStart: setup.PctStart, wd: setup.Wd, cbs: cbs);
        else learn.FitOneCycle(setup.Epochs, setup.Lr, pctStart: setup.PctStart, wd: setup.Wd, cbs: cbs);
        var fitSeconds = fitClock.Elapsed.TotalSeconds;
        var done = learn.Recorder.Values.Count;
        if (learn.StopRequested)
        {
            Console.WriteLine($"stopped after {done} of {setup.Epochs} whole epochs ({fitSeconds:F0} s)" +
                (done > 0 ? $", accuracy {learn.Recorder.Last("accuracy"):F4} after the last" : "") +
                $"; continue with --resume {interrupt.SavedTo} and the same options");
            return (null, null, double.NaN, interrupt.ExitCode);
        }
        var accuracy = learn.Recorder.Last("accuracy");
        Console.WriteLine($"accuracy {accuracy:F4} after {done} of {setup.Epochs} epochs in {fitSeconds:F0} s ({fitSeconds / done:F1} s/epoch)");
        var epochSeconds = learn.Recorder.EpochTimes.Select(t => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
        Console.WriteLine($"seconds per epoch: {string.Join(' ', epochSeconds)}");
        learn.ToFp32();   // the exact float32 master weights, when training used bf16: what the export holds is what is evaluated
        Tensor probs, targets;
        if (setup.Tta)
        {
            // Test-time augmentation: the mean of the predictions for each test image and its mirror image.
            var normalize = learn.Dls.Valid.BatchTransforms.OfType<Normalize>().Single();
            (probs, targets) = learn.Tta(n: 1, beta: 0.5, batchTfms: [normalize, new Flip(p: 1)]);
            using (var correct = probs.argmax(1).eq(targets).to_type(ScalarType.Float64).mean())
                accuracy = correct.item<double>();
            Console.WriteLine($"accuracy with flip TTA {accuracy:F4}");
        }
        else (probs, targets) = learn.GetPreds();
        Console.WriteLine($"checkpoint: {learn.Save("final")}");
        Console.WriteLine($"export: {learn.Export()}");
        return (probs, targets, accuracy, null);
    }
}
