using FastDays.Examples.Cli;
using static TorchSharp.torch;

namespace FastDays.Tests;

public sealed class NativeRuntimeTests
{
    [Test]
    public void TheAllocatorPolicyIsAppliedOnGlibc()
    {
        if (!OperatingSystem.IsLinux()) Assert.That(NativeRuntime.AllocatorPolicy, Does.StartWith("system defaults"));
        else Assert.That(NativeRuntime.AllocatorPolicy, Does.StartWith("glibc tuned"), "Debian and Ubuntu use glibc");
    }

    [Test]
    public void TrainingBatchesDoNotPageFaultTheirBuffersAgain()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("minor page faults are read from /proc");
        // Forward and backward of the default CNN on a batch of 128: its activations are re-allocated every batch. With
        // glibc's defaults each batch maps them fresh (7,000-12,000 faults a batch, machine by machine); with the policy they are
        // re-used (under 500 when this test runs alone, up to ~700 amid the suite: the process's other threads fault pages in too).
        using var scope = NewDisposeScope();
        manual_seed(0);
        var model = FastDays.Vision.Models.SimpleCnn.Create(1, 10, 32, 64, 128, 256);
        var x = randn(128, 1, 28, 28);
        var y = randint(0, 10, [128]);
        void Batch()
        {
            using var batchScope = NewDisposeScope();
            nn.functional.cross_entropy(model.forward(x), y).backward();
        }
        for (var i = 0; i < 3; i++) Batch();
        var before = SelfProcess.MinorFaults();
        const int batches = 10;
        for (var i = 0; i < batches; i++) Batch();
        var perBatch = (SelfProcess.MinorFaults() - before) / (double)batches;
        Assert.That(perBatch, Is.LessThan(1500), $"{perBatch:F0} minor faults per batch");
    }
}
