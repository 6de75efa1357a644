using static TorchSharp.torch;

namespace FastDays.Modules;

/// <summary>Runs a model on a batch; a batch of one item on the CPU runs as two, because libtorch's CPU convolution of a single item probes NNPACK,
/// which prints "Could not initialize NNPACK! Reason: Unsupported hardware." on many CPUs (twice) — noise in every one-image prediction.</summary>
internal static class QuietForward
{
    /// <summary>The model's output for x (whose first dimension is the batch).</summary>
    public static Tensor Run(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        if (x.dim() == 0 || x.shape[0] != 1 || x.device_type != TorchSharp.DeviceType.CPU) return model.forward(x);
        using var scope = NewDisposeScope();
        return model.forward(x.expand([2, .. x.shape[1..]]))[..1].MoveToOuterDisposeScope();
    }
}
