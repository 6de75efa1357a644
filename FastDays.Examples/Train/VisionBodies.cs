using FastDays.Vision.Learning;

namespace FastDays.Examples.Train;

/// <summary>The bodies the vision examples offer by name (--arch): simple_cnn (four stride-2 convolutions of 32–256 channels), resnet18/34 and
/// xresnet18/34.</summary>
internal static class VisionBodies
{
    /// <summary>The body of a name.</summary>
    public static VisionArch ByName(string arch) => arch switch
    {
        "simple_cnn" => VisionArch.SimpleCnn(32, 64, 128, 256),
        "resnet18" or "resnet34" or "xresnet18" or "xresnet34" => VisionArch.ByName(arch),
        _ => throw new ArgumentException($"unknown --arch {arch} (simple_cnn, resnet18, resnet34, xresnet18, xresnet34)"),
    };
}
