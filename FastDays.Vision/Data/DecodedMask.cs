using static TorchSharp.torch;

namespace FastDays.Vision.Data;

/// <summary>A mask as MaskBlock decodes it (fastai's TensorMask, held in managed memory so that it outlives every dispose scope): the class code of
/// each pixel, row by row.</summary>
/// <param name="Height">The mask's height in pixels.</param>
/// <param name="Width">The mask's width in pixels.</param>
/// <param name="Codes">Height × Width class codes, row by row.</param>
public sealed record DecodedMask(int Height, int Width, int[] Codes)
{
    /// <summary>The mask as an int64 (height, width) tensor.</summary>
    public Tensor ToTensor() => tensor(Codes.Select(c => (long)c).ToArray(), [Height, Width]);

    /// <summary>The number of pixels of each code, for codes 0 to count − 1.</summary>
    public long[] Counts(int count)
    {
        var counts = new long[count];
        foreach (var c in Codes)
            if (c >= 0 && c < count) counts[c]++;
        return counts;
    }
}
