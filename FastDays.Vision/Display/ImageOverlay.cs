using static TorchSharp.torch;

namespace FastDays.Vision.Display;

/// <summary>What ImageGrid draws over an image: target points (green), predicted points (red), each a flat x, y list in the image's pixels, and a mask
/// of class codes blended in colour, and a heat map (any (height, width) float map, such as a class activation map) stretched over the image and
/// coloured from dark (its minimum) to bright yellow (its maximum).</summary>
public sealed record ImageOverlay(float[]? Points = null, float[]? Predicted = null, Tensor? Mask = null, Tensor? Heat = null);
