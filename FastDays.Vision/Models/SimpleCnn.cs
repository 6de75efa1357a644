using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FastDays.Vision.Models;

/// <summary>The book's simple CNN: stride-2 conv/batchnorm/ReLU blocks, global average pooling and a linear classifier.</summary>
public static class SimpleCnn
{
    /// <summary>Builds the network: a stride-1 stem of widths[0], then one stride-2 block per further width.</summary>
    public static Sequential Create(int inChannels, int classes, params int[] widths)
    {
        if (widths.Length == 0) widths = [16, 32, 64, 128];
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        var previous = inChannels;
        for (var i = 0; i < widths.Length; i++)
        {
            layers.Add(($"conv{i}", Conv2d(previous, widths[i], kernel_size: 3, stride: i == 0 ? 1 : 2, padding: 1, bias: false)));
            layers.Add(($"bn{i}", new BatchNormLayer(widths[i])));
            layers.Add(($"relu{i}", ReLU()));
            previous = widths[i];
        }
        layers.Add(("pool", AdaptiveAvgPool2d(1)));
        layers.Add(("flatten", Flatten()));
        layers.Add(("fc", Linear(previous, classes)));
        return Sequential(layers);
    }
}
