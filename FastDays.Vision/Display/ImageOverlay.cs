using static TorchSharp.torch;

namespace FastDays.Vision.Display;

/// <summary>What ImageGrid draws over an image: target points (green), predicted points (red), each a flat x, y list in the image's pixels, and a mask
/// of class codes blended in colour.</summary>
public sealed record ImageOverlay(float[]? Points = null, float[]? Predicted = null, Tensor? Mask = null);
