using FastDays.Data;
using FastDays.Vision.Images;
using FastDays.Vision.Transforms;
using static TorchSharp.torch;

namespace FastDays.Vision.Data;

/// <summary>Image files with targets: GetBatch decodes the items in parallel, runs the item transforms (random on the training set) and stacks them
/// as uint8.</summary>
public sealed class ImageDataset : IDataset
{
    private readonly Tensor _targets;
    private long _calls;

    /// <summary>Creates the dataset; targets is (n) int64 class indices or (n, classes) float multi-hot rows.</summary>
    public ImageDataset(IReadOnlyList<string> files, Tensor targets, IReadOnlyList<IItemTransform> itemTransforms, bool training, int seed = 0,
        ImageMode mode = ImageMode.Rgb)
    {
        if (files.Count != targets.shape[0]) throw new ArgumentException($"{files.Count} files but {targets.shape[0]} targets");
        (Files, _targets, ItemTransforms, Training, Seed, Mode) = (files, targets, itemTransforms, training, seed, mode);
    }

    /// <summary>The image files, in dataset order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The item transforms, in order.</summary>
    public IReadOnlyList<IItemTransform> ItemTransforms { get; }

    /// <summary>Whether this is a training set (random item transforms) or not (deterministic ones).</summary>
    public bool Training { get; }

    /// <summary>The seed of the item transforms' random draws.</summary>
    public int Seed { get; }

    /// <summary>The channels images are decoded to.</summary>
    public ImageMode Mode { get; }

    /// <inheritdoc />
    public int Count => Files.Count;

    /// <summary>The target of an item, as a tensor row.</summary>
    public Tensor Target(int index) => _targets[index];

    /// <summary>One item decoded and transformed (uint8, channels × height × width), with deterministic transforms.</summary>
    public Tensor Item(int index) => Load(index, new Random(Seed), training: false);

    /// <inheritdoc />
    public Batch GetBatch(IReadOnlyList<int> indices) => GetBatch(indices, Seeds.Combine(Interlocked.Increment(ref _calls)));

    /// <inheritdoc />
    public Batch GetBatch(IReadOnlyList<int> indices, int seed)
    {
        var images = new Tensor[indices.Count];
        try
        {
            Parallel.For(0, indices.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
                images[i] = Load(indices[i], new Random(Seeds.Combine(Seed, seed, indices[i])), Training));
            var shape = images[0].shape;
            var odd = Enumerable.Range(0, images.Length).FirstOrDefault(i => !images[i].shape.SequenceEqual(shape), -1);
            if (odd >= 0)
                throw new InvalidDataException($"{Files[indices[odd]]} is {Formats.Shape(images[odd])} but {Files[indices[0]]} is {Formats.List(shape)} " +
                    "after the item transforms: add a Resize so that every item has one size");
            using var index = tensor(indices.Select(i => (long)i).ToArray());
            return new Batch(stack(images), _targets.index_select(0, index));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            throw e.InnerExceptions[0] is InvalidDataException inner ? new InvalidDataException(inner.Message, inner) : e.InnerExceptions[0];
        }
        finally { foreach (var image in images) image?.Dispose(); }
    }

    private Tensor Load(int index, Random rng, bool training)
    {
        Tensor image;
        var rest = ItemTransforms.AsEnumerable();
        if (ItemTransforms.Count > 0 && ItemTransforms[0] is Resize resize)
        {
            // Fast path: decode and resize on the pixels in one SkiaSharp draw, then make the tensor once.
            using var bitmap = ImageDecoder.DecodeBitmap(Files[index]);
            using var resized = resize.Apply(bitmap, rng, training);
            image = ImageDecoder.ToTensor(resized, Mode);
            rest = rest.Skip(1);
        }
        else image = ImageDecoder.Decode(Files[index], Mode);
        foreach (var t in rest)
        {
            var next = t.Apply(image, rng, training);
            if (!ReferenceEquals(next, image)) image.Dispose();
            image = next;
        }
        return image;
    }
}
