using FastDays.Interop;
using FastDays.Vision.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Learning;

/// <summary>An architecture VisionLearner can cut and give a new head: how to build the body, how to split it into parameter groups, and how to load
/// pretrained weights into it.</summary>
/// <param name="Name">The architecture's name, such as resnet18.</param>
/// <param name="CreateBody">Builds the body (the network up to, not including, its pooling layer) for nIn input channels, optionally loading
/// pretrained weights from a file first.</param>
/// <param name="SplitBody">Splits the body's parameters into groups, earliest layers first (fastai's model_meta split).</param>
public sealed record VisionArch(string Name, Func<int, string?, Sequential> CreateBody, Func<Sequential, IReadOnlyList<IReadOnlyList<Parameter>>> SplitBody)
{
    /// <summary>torchvision's ResNet-18 body; pretrained weights come from a PyTorch or safetensors file of a torchvision resnet18 (its fc is
    /// ignored).</summary>
    public static VisionArch ResNet18 { get; } = FromResNet("resnet18", ResNet.ResNet18);

    /// <summary>torchvision's ResNet-34 body.</summary>
    public static VisionArch ResNet34 { get; } = FromResNet("resnet34", ResNet.ResNet34);

    /// <summary>torchvision's ResNet-50 body.</summary>
    public static VisionArch ResNet50 { get; } = FromResNet("resnet50", ResNet.ResNet50);

    /// <summary>The body of the book's simple CNN (stride-2 conv/batchnorm/ReLU blocks of the given widths), split in two halves; no pretrained
    /// weights. Its name carries the widths (simple_cnn:32,64,128,256) so that ByName can rebuild it.</summary>
    public static VisionArch SimpleCnn(params int[] widths) => new($"simple_cnn:{string.Join(',', widths)}",
        (nIn, pretrained) =>
        {
            if (pretrained is not null) throw new ArgumentException("simple_cnn has no pretrained weights", nameof(pretrained));
            var full = Models.SimpleCnn.Create(nIn, 1, widths);
            return nn.Sequential(full.named_children().Where(c => c.name.StartsWith("conv", StringComparison.Ordinal)
                || c.name.StartsWith("bn", StringComparison.Ordinal) || c.name.StartsWith("relu", StringComparison.Ordinal))
                .Select(c => (c.name, (nn.Module<Tensor, Tensor>)c.module)));
        },
        body =>
        {
            var children = body.children().ToList();
            var half = children.Count / 6 * 3;
            return [[.. children.Take(half).SelectMany(m => m.parameters())], [.. children.Skip(half).SelectMany(m => m.parameters())]];
        });

    /// <summary>fastai's xresnet18 body (stem and four stages, cut before the pooling), split as fastai does: stem, stages, head.</summary>
    public static VisionArch XResNet18 { get; } = FromXResNet("xresnet18", Models.XResNet.XResNet18);

    /// <summary>fastai's xresnet34 body.</summary>
    public static VisionArch XResNet34 { get; } = FromXResNet("xresnet34", Models.XResNet.XResNet34);

    /// <summary>fastai's xresnet50 body.</summary>
    public static VisionArch XResNet50 { get; } = FromXResNet("xresnet50", Models.XResNet.XResNet50);

    /// <summary>The architecture of a name as Name spells it (resnet18, xresnet34, simple_cnn:32,64,128,256 …), for rebuilding exports.</summary>
    public static VisionArch ByName(string name) => name switch
    {
        "resnet18" => ResNet18,
        "resnet34" => ResNet34,
        "resnet50" => ResNet50,
        "xresnet18" => XResNet18,
        "xresnet34" => XResNet34,
        "xresnet50" => XResNet50,
        _ when name.StartsWith("simple_cnn:", StringComparison.Ordinal) => SimpleCnn([.. name["simple_cnn:".Length..].Split(',')
            .Select(w => int.Parse(w, System.Globalization.CultureInfo.InvariantCulture))]),
        _ => throw new KeyNotFoundException($"unknown vision architecture '{name}' (resnet18/34/50, xresnet18/34/50, simple_cnn:WIDTHS)"),
    };

    private static VisionArch FromXResNet(string name, Func<int, int, double, Sequential> create) => new(name,
        (nIn, pretrained) =>
        {
            var full = create(1000, nIn, 0);
            if (pretrained is not null) full.LoadPyTorchWeights(pretrained);
            return nn.Sequential(full.named_children().Take(8).Select(c => (c.name, (nn.Module<Tensor, Tensor>)c.module)));
        },
        body => [[.. body.children().Take(3).SelectMany(m => m.parameters())], [.. body.children().Skip(3).SelectMany(m => m.parameters())]]);

    private static VisionArch FromResNet(string name, Func<int, int, ResNet> create) => new(name,
        (nIn, pretrained) =>
        {
            var body = create(1000, nIn).Body();
            if (pretrained is not null) body.LoadPyTorchWeights(pretrained, rename: k => k.StartsWith("fc.", StringComparison.Ordinal) ? null : k);
            return body;
        },
        // fastai's _resnet_split: stem with layer1-2, then layer3-4 (the head is the third group).
        body => [[.. body.children().Take(6).SelectMany(m => m.parameters())], [.. body.children().Skip(6).SelectMany(m => m.parameters())]]);
}
