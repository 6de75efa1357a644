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
