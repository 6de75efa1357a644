using TorchSharp;
using static TorchSharp.torch;

namespace FastDays.Tests;

public sealed class TorchSharpSmokeTests
{
    [Test]
    public void TorchSharpInitialisesAndRunsForwardAndBackward()
    {
        // y = sum((W x + b)^2) with W = [[1, 2], [3, 4]], x = [1, -1], b = [0.5, 0.5]: W x + b = [-0.5, -0.5]
        using var w = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 }).requires_grad_();
        using var b = tensor(new float[] { 0.5f, 0.5f }).requires_grad_();
        using var x = tensor(new float[] { 1, -1 });
        using var z = matmul(w, x) + b;
        using var y = z.pow(2).sum();
        y.backward();
        Assert.That(y.item<float>(), Is.EqualTo(0.5f).Within(1e-6));
        // dy/dW = 2 z x^T = [[-1, 1], [-1, 1]]; dy/db = 2 z = [-1, -1]
        Assert.That(w.grad!.data<float>().ToArray(), Is.EqualTo(new float[] { -1, 1, -1, 1 }).Within(1e-6));
        Assert.That(b.grad!.data<float>().ToArray(), Is.EqualTo(new float[] { -1, -1 }).Within(1e-6));
    }

    [Test]
    public void DeviceNamesResolve()
    {
        Assert.That(TorchDevices.Resolve("cpu").type, Is.EqualTo(DeviceType.CPU));
        Assert.That(TorchDevices.Resolve("auto").type, Is.EqualTo(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU));
        var e = Assert.Throws<ArgumentException>(() => TorchDevices.Resolve("tpu"));
        Assert.That(e!.Message, Does.Contain("tpu"));
        if (!cuda.is_available())
            Assert.That(Assert.Throws<ArgumentException>(() => TorchDevices.Resolve("cuda"))!.Message, Does.Contain("CUDA is not available"));
    }
}
