using FastDays.Learning;
using FastDays.Modules;

namespace FastDays.Callbacks;

/// <summary>fastai's ChannelsLast: lays the model's 4-d weights out channels-last before fitting, so that convolutions, batchnorm and pooling run
/// on NHWC memory (libtorch carries the format from layer to layer); faster where oneDNN's NHWC kernels are (docs/benchmarks.md).</summary>
/// <remarks>Added by <see cref="Learning.ChannelsLastExtensions.ToChannelsLast"/>. Weights are saved contiguous, so files do not depend on it.</remarks>
public sealed class ChannelsLast : Callback
{
    /// <inheritdoc />
    public override int Order => -1;   // before callbacks that change the model

    /// <inheritdoc />
    public override void BeforeFit() => MemoryFormats.SetMemoryFormat(Learn.Model, channelsLast: true);
}
