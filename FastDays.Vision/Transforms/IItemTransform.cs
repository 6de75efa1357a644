using static TorchSharp.torch;

namespace FastDays.Vision.Transforms;

/// <summary>A transform of one decoded image (uint8, channels × height × width) on the CPU, run in the loader's worker thread.</summary>
public interface IItemTransform
{
    /// <summary>Transforms an image; rng is the item's seeded random source, and training false asks for the deterministic validation behaviour.</summary>
    Tensor Apply(Tensor image, Random rng, bool training);
}
