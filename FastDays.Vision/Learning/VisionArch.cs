using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Vision.Learning;

/// <summary>An architecture VisionLearner can cut and give a new head: how to build the body, how to split it into parameter groups, and how to load pretrained weights into it.</summary>
/// <param name="Name">The architecture's name, such as resnet18.</param>
/// <param name="CreateBody">Builds the body (the network up to, not including, its pooling layer) for nIn input channels, optionally loading pretrained weights from a file first.</param>
/// <param name="SplitBody">Splits the body's parameters into groups, earliest layers first (fastai's model_meta split).</param>
public sealed record VisionArch(string Name, Func<int, string?, Sequential> CreateBody, Func<Sequential, IReadOnlyList<IReadOnlyList<Parameter>>> SplitBody);
