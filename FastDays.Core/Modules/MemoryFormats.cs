using static TorchSharp.torch;

namespace FastDays.Modules;

/// <summary>The channels-last memory format of 4-d tensors (NHWC in memory, NCHW in shape), made with strides because TorchSharp 0.107 has no
/// memory-format API; libtorch's convolutions, batchnorm, pooling and element-wise kernels keep it from layer to layer.</summary>
public static class MemoryFormats
{
    /// <summary>The strides of a channels-last tensor of this (N, C, H, W) shape.</summary>
    public static long[] ChannelsLastStrides(long[] shape) =>
        shape.Length == 4 ? [shape[1] * shape[2] * shape[3], 1, shape[3] * shape[1], shape[1]]
            : throw new ArgumentException($"channels-last is a layout of 4-d tensors, not of shape {Formats.List(shape)}");

    /// <summary>The strides of a contiguous (row-major) tensor of this shape.</summary>
    public static long[] ContiguousStrides(long[] shape)
    {
        var strides = new long[shape.Length];
        for (long i = shape.Length - 1, s = 1; i >= 0; s *= shape[i], i--) strides[i] = s;
        return strides;
    }

    /// <summary>Whether the 4-d tensor has exactly the strides of channels-last memory.</summary>
    public static bool IsChannelsLast(Tensor t) => t.ndim == 4 && t.stride().SequenceEqual(ChannelsLastStrides(t.shape));

    /// <summary>The same values laid out channels-last: a copy, or a view when the memory already is in that order (one channel).</summary>
    public static Tensor ToChannelsLast(Tensor t)
    {
        using var dense = t.permute(0, 2, 3, 1).contiguous();   // NHWC memory, whatever strides libtorch gives its size-1 dimensions
        return dense.as_strided(t.shape, ChannelsLastStrides(t.shape), dense.storage_offset());
    }

    /// <summary>The same values laid out contiguously with the standard strides: a copy, or a view when the memory already is in that order.</summary>
    public static Tensor ToContiguous(Tensor t)
    {
        using var dense = t.contiguous();
        return dense.as_strided(t.shape, ContiguousStrides(t.shape), dense.storage_offset());
    }

    /// <summary>Lays out channels-last the weights of the module's convolutions that oneDNN computes wrongly in contiguous memory (measured with
    /// libtorch 2.10's oneDNN on AVX-512; docs/benchmarks.md) — kernels larger than 1×1 whose input has 16 channels or more but not a multiple of
    /// 16 (forward errors of 20–30 %, and garbage from uninitialised memory, often NaN), and stride-1 kernels larger than 1×1 with fewer than 16
    /// output channels (wrong, often NaN, input gradients) — so that libtorch runs them on its channels-last kernels, which are right; returns how
    /// many convolutions changed. A channels-last weight is enough: libtorch then computes the convolution channels-last whatever the input's
    /// layout.</summary>
    public static int GuardConvolutions(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var changed = 0;
        foreach (var conv in module.modules().OfType<TorchSharp.Modules.Conv2d>())
        {
            var w = conv.weight;
            if (w is null || w.ndim != 4 || (w.shape[2] == 1 && w.shape[3] == 1)) continue;
            var (outChannels, inChannels) = (w.shape[0], w.shape[1]);
            var wideForward = inChannels >= 16 && inChannels % 16 != 0;
            var narrowBackward = outChannels < 16 && conv.stride.All(s => s == 1);
            if (wideForward || narrowBackward) changed += SetMemoryFormat(conv, channelsLast: true) > 0 ? 1 : 0;
        }
        return changed;
    }

    /// <summary>Lays out every 4-d parameter and buffer of the module channels-last, or back to contiguous, in place: the Parameter objects stay,
    /// so an optimizer over them keeps working; returns how many tensors changed.</summary>
    public static int SetMemoryFormat(nn.Module module, bool channelsLast)
    {
        var changed = 0;
        using var scope = NewDisposeScope();
        using (no_grad())
            foreach (var t in module.parameters().Cast<Tensor>().Concat(module.buffers()))
            {
                if (t.ndim != 4) continue;
                var strides = channelsLast ? ChannelsLastStrides(t.shape) : ContiguousStrides(t.shape);
                if (t.stride().SequenceEqual(strides)) continue;
                t.set_(channelsLast ? ToChannelsLast(t.detach()) : ToContiguous(t.detach()));
                changed++;
            }
        return changed;
    }
}
