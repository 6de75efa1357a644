namespace FastDays.Vision.Transforms;

/// <summary>The random draws of one image: the affine matrix (sampling grid from output coordinates), the warp, the lighting, and whether it is a
/// plain flip.</summary>
internal sealed record Draw(double[] Theta, double WarpX, double WarpY, double Brightness, double Contrast, bool Lighting, bool Flip, bool IsPureFlip);
