namespace FastDays.Data;

/// <summary>A transform of one item on the CPU, run in the loader's worker thread (fastai's item_tfms): it changes the parts of the types it is
/// meant for — an image and the mask and points that go with it move together — and leaves the others.</summary>
public interface IItemTransform
{
    /// <summary>Transforms the item's parts in place; rng is the item's seeded random source, and training false asks for the deterministic validation
    /// behaviour.</summary>
    void Apply(Item item, Random rng, bool training);
}
