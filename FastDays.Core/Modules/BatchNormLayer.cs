using static TorchSharp.torch;

namespace FastDays.Modules;

/// <summary>Batch normalisation over 1-, 2- or 3-d inputs with PyTorch's parameter and buffer names, whose forward leaves no Scalar to the finalizer
/// (TorchSharp's BatchNorm counts batches with an implicit one).</summary>
public sealed class BatchNormLayer : TorchSharp.Modules.BatchNorm
{
    private readonly int _ndim;

    /// <summary>Creates the layer for (N, C) or (N, C, L) inputs when ndim is 1, (N, C, H, W) when 2, (N, C, D, H, W) when 3.</summary>
    public BatchNormLayer(long numFeatures, int ndim = 2, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        : base(numFeatures, eps, momentum, affine, trackRunningStats, null, null, ndim is >= 1 and <= 3 ? $"BatchNorm{ndim}d"
            : throw new ArgumentOutOfRangeException(nameof(ndim), ndim, "batchnorm takes 1-, 2- or 3-d inputs"))
    {
        _ndim = ndim;
    }

    /// <inheritdoc />
    protected override void ValidateInputDimensions(Tensor input)
    {
        var ok = _ndim == 1 ? input.ndim is 2 or 3 : input.ndim == _ndim + 2;
        if (!ok) throw new ArgumentException($"BatchNorm{_ndim}d expects {(_ndim == 1 ? "2-d or 3-d" : $"{_ndim + 2}-d")} input, got {Formats.Shape(input)}");
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        var factor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is { } count)
        {
            count.add_(ScalarScope.One, ScalarScope.One);
            if (momentum is null) factor = 1.0 / count.item<long>();   // cumulative moving average
        }
        var useBatchStats = training || (running_mean is null && running_var is null);
        var useRunning = !training || track_running_stats;
        return nn.functional.batch_norm(input, useRunning ? running_mean : null, useRunning ? running_var : null, weight, bias, useBatchStats, factor, eps);
    }
}
