using FastDays.Losses;
using static TorchSharp.torch;

namespace FastDays.Data;

/// <summary>fastai's TransformBlock: one part of an item — how its raw value (a file, a label, a list of points) becomes a typed tensor, what it
/// learns from the training items (a vocabulary), the transforms it brings, how its items stack into a batch and how a tensor decodes back.</summary>
public abstract class TransformBlock
{
    /// <summary>The type of the tensors this block makes.</summary>
    public abstract TensorType Type { get; }

    /// <summary>A short description for summaries, e.g. CategoryBlock(10 classes).</summary>
    public virtual string Describe() => GetType().Name;

    /// <summary>Learns what the block needs from the raw values of the training items (a vocabulary); called once, before any Encode.</summary>
    public virtual void Setup(IReadOnlyList<object> trainingValues)
    {
    }

    /// <summary>The item's tensor for a raw value (what the block's getter returned); a value it cannot take is an InvalidDataException.</summary>
    public abstract Tensor Encode(object value);

    /// <summary>The item's tensor for a raw value with the first item transform applied in the same step (an image decoded straight to its resized
    /// pixels), or null when the block does not fuse that transform (then Encode runs, and the transform after it).</summary>
    public virtual Tensor? EncodeFused(object value, IItemTransform first, Random rng, bool training) => null;

    /// <summary>Checks the block's part (at index) against the rest of the freshly encoded item, before any item transform (points inside their
    /// image, a mask the image's size); a mismatch is an InvalidDataException.</summary>
    public virtual void Check(Item item, int index)
    {
    }

    /// <summary>The raw value back from one item's tensor (a class name, a list of names, points in pixels); size is the item's image size where the
    /// decoding depends on it.</summary>
    public abstract object Decode(Tensor value, (long Height, long Width)? size = null);

    /// <summary>The decoded value as text, for captions and summaries.</summary>
    public virtual string Show(object decoded) => decoded switch
    {
        string s => s,
        IEnumerable<string> names => string.Join(";", names),
        IEnumerable<float> values => string.Join(", ", values.Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture))),
        _ => decoded.ToString() ?? "",
    };

    /// <summary>Whether loaders encode this block's values for a whole batch at once (EncodeBatch) rather than item by item: right for labels and
    /// numbers, which no item transform touches; their items then carry no part of this block.</summary>
    public virtual bool EncodesBatch => false;

    /// <summary>The batch tensor of many raw values: what stacking each one's Encode gives (blocks that encode batches override it with one host
    /// array).</summary>
    public virtual Tensor EncodeBatch(IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var encoded = new List<Tensor>(values.Count);
        try
        {
            foreach (var value in values) encoded.Add(Encode(value));
            return Collate(encoded);
        }
        finally { foreach (var t in encoded) t.Dispose(); }
    }

    /// <summary>Whether Collate takes items of different shapes (a text block pads them to the longest), so the loader does not require one shape.
    /// </summary>
    public virtual bool PadsItems => false;

    /// <summary>Stacks the items' tensors into one batch tensor (they must agree in shape).</summary>
    public virtual Tensor Collate(IReadOnlyList<Tensor> values) => stack(values);

    /// <summary>The item transforms the block brings (fastai's PointScaler), run after the data block's own.</summary>
    public virtual IReadOnlyList<IItemTransform> ItemTfms => [];

    /// <summary>The batch transforms the block brings (fastai's IntToFloatTensor), left out when the data block lists one of the same kind.</summary>
    public virtual IReadOnlyList<IBatchTransform> BatchTfms => [];

    /// <summary>The class names of a classification block (empty otherwise).</summary>
    public virtual IReadOnlyList<string> Vocab => [];

    /// <summary>The number of model outputs a target of this block needs (fastai's dls.c), or null when the block cannot say before data is seen.
    /// </summary>
    public virtual int? OutputSize => Vocab.Count > 0 ? Vocab.Count : null;

    /// <summary>The loss a target of this block calls for (fastai's loss_func from the data), or null when it has none.</summary>
    public virtual LossFunction? LossFunc => null;

    /// <summary>The block's settings to write into an export, so that LoadLearner can decode predictions the same way.</summary>
    public virtual BlockSpec Spec() => new(GetType().Name, Type.Name, [.. Vocab], null);
}
