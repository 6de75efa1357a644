using FastDays.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Learning;

/// <summary>fastai's create_head: concat pooling, flatten, then batchnorm/dropout/linear blocks (nf·2 → 512 → nOut by default).</summary>
public static class VisionHead
{
    /// <summary>Builds the head for a body with nf output channels; ps is the last dropout, earlier ones get half of it.</summary>
    public static Sequential CreateHead(long nf, long nOut, IReadOnlyList<long>? linFtrs = null, double ps = 0.5, bool concatPool = true,
        bool firstBn = true, bool bnFinal = false)
    {
        if (concatPool) nf *= 2;
        List<long> ftrs = [nf, .. linFtrs ?? [512], nOut];
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("pool", concatPool ? new AdaptiveConcatPool2d() : nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
        };
        for (var i = 0; i < ftrs.Count - 1; i++)
        {
            var last = i == ftrs.Count - 2;
            var bn = i > 0 || firstBn;
            var p = last ? ps : ps / 2;
            if (bn) layers.Add(($"bn{i}", new BatchNormLayer(ftrs[i], ndim: 1)));
            if (p != 0) layers.Add(($"drop{i}", nn.Dropout(p)));
            layers.Add(($"lin{i}", nn.Linear(ftrs[i], ftrs[i + 1], hasBias: !bn)));
            if (!last) layers.Add(($"relu{i}", nn.ReLU(inplace: true)));
        }
        if (bnFinal) layers.Add(("bn_final", new BatchNormLayer(nOut, ndim: 1, momentum: 0.01)));
        var head = nn.Sequential(layers);
        using (no_grad())
            foreach (var (name, p) in head.named_parameters())
                if (name.EndsWith("weight", StringComparison.Ordinal) && p.dim() == 2) nn.init.kaiming_normal_(p);
        return head;
    }
}
