using FastDays.Data;
using FastDays.Losses;
using static TorchSharp.torch;

namespace FastDays.Tests.Data.Blocks;

/// <summary>Every block decodes what it encodes, learns its vocabulary from the training values only, and brings the loss fastai's data would.</summary>
public class BlockTests
{
    [Test]
    public void CategoryRoundTripsAndRefusesAnUnknownLabel()
    {
        var block = new CategoryBlock();
        block.Setup(["dog", "cat", "dog", "bird"]);
        Assert.That(block.Vocab, Is.EqualTo(new[] { "bird", "cat", "dog" }));
        foreach (var label in block.Vocab)
        {
            using var encoded = block.Encode(label);
            Assert.That(encoded.dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That(block.Decode(encoded), Is.EqualTo(label));
        }
        using (var cat = block.Encode("cat")) Assert.That(cat.item<long>(), Is.EqualTo(1));
        Assert.That(() => block.Encode("fish"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("'fish'"));
        Assert.That(block.LossFunc, Is.TypeOf<CrossEntropyLossFlat>());
        Assert.That(block.OutputSize, Is.EqualTo(3));
    }

    [Test]
    public void MultiCategoryRoundTripsListsAndOneHotRows()
    {
        var block = new MultiCategoryBlock();
        block.Setup([new[] { "person", "dog" }, new[] { "cat" }, Array.Empty<string>()]);
        Assert.That(block.Vocab, Is.EqualTo(new[] { "cat", "dog", "person" }));
        foreach (var labels in new[] { new[] { "dog", "person" }, ["cat"], [] })
        {
            using var encoded = block.Encode(labels);
            Assert.That(encoded.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(block.Decode(encoded), Is.EqualTo(labels));
        }
        var encodedBlock = new MultiCategoryBlock(encoded: true, vocab: ["a", "b", "c"]);
        using (var row = encodedBlock.Encode(new[] { 0f, 1f, 1f })) Assert.That(encodedBlock.Decode(row), Is.EqualTo(new[] { "b", "c" }));
        Assert.That(() => encodedBlock.Encode(new[] { 1f }), Throws.TypeOf<InvalidDataException>().With.Message.Contains("1 values for 3 classes"));
        Assert.That(() => block.Encode(new[] { "horse" }), Throws.TypeOf<InvalidDataException>().With.Message.Contains("'horse'"));
        Assert.That(block.LossFunc, Is.TypeOf<BceWithLogitsLossFlat>());
    }

    [Test]
    public void RegressionRoundTripsAndRefusesNonFiniteTargets()
    {
        var block = new RegressionBlock();
        block.Setup([new[] { 1.5, -2.0 }]);
        using var encoded = block.Encode(new[] { 1.5, -2.0 });
        Assert.That(block.Decode(encoded), Is.EqualTo(new[] { 1.5f, -2f }));
        Assert.That(block.OutputSize, Is.EqualTo(2));
        Assert.That(() => block.Encode(new[] { double.NaN, 1 }), Throws.TypeOf<InvalidDataException>());
        Assert.That(() => block.Encode(new[] { 1.0 }), Throws.TypeOf<InvalidDataException>().With.Message.Contains("1 target values where the block has 2"));
        Assert.That(block.LossFunc, Is.TypeOf<MseLossFlat>());
    }

    [Test]
    public void TheVocabularyComesFromTheTrainingItemsAndAValidationOnlyLabelIsNamed()
    {
        var block = new DataBlock<string>
        {
            Blocks = [new RegressionBlock(), new CategoryBlock()],
            GetX = s => double.Parse(s.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture),
            GetY = s => s.Split(':')[0],
            Splitter = Splitters.IndexSplitter([3]),
        };
        Assert.That(() => block.Datasets(["a:1", "b:2", "a:3", "c:4"]).Valid.GetItem(0),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("c:4: CategoryBlock(2 classes): the label 'c'"));
        var dls = block.Dataloaders(["a:1", "b:2", "a:3", "b:4"], bs: 2);
        Assert.That(dls.Vocab, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(dls.C, Is.EqualTo(2));
        using var batch = dls.Valid.OneBatch();
        Assert.That(batch.Types, Is.EqualTo(new[] { TensorType.Regression, TensorType.Category }));
        Assert.That(batch.Y.item<long>(), Is.EqualTo(1));
    }

    [Test]
    public void SplittersFollowFastai()
    {
        object[] items = [.. Enumerable.Range(0, 10).Select(i => (object)i)];
        var (train, valid) = Splitters.RandomSplitter(0.3, seed: 1)(items);
        Assert.That(valid, Has.Length.EqualTo(3));
        Assert.That(train.Concat(valid).Order(), Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.That(Splitters.RandomSplitter(0.3, seed: 1)(items).Valid, Is.EqualTo(valid), "seeded");
        Assert.That(Splitters.EndSplitter(0.2)(items), Is.EqualTo((new[] { 0, 1, 2, 3, 4, 5, 6, 7 }, new[] { 8, 9 })));
        Assert.That(Splitters.EndSplitter(0.2, validLast: false)(items).Valid, Is.EqualTo(new[] { 0, 1 }));
        Assert.That(Splitters.IndexSplitter([7, 2])(items).Valid, Is.EqualTo(new[] { 2, 7 }));
        Assert.That(() => Splitters.IndexSplitter([10])(items), Throws.ArgumentException.With.Message.Contains("index 10"));
        Assert.That(Splitters.FuncSplitter<int>(i => i % 5 == 0)([.. Enumerable.Range(0, 10)]).Valid, Is.EqualTo(new[] { 0, 5 }));
        string[] files = ["/d/train/cat/1.png", "/d/valid/cat/2.png", "/d/test/cat/3.png", "/d/train/dog/4.png"];
        Assert.That(Splitters.GrandparentSplitter()(files), Is.EqualTo((new[] { 0, 3 }, new[] { 1 })));
        IReadOnlyDictionary<string, string>[] rows =
            [new Dictionary<string, string> { ["is_valid"] = "False" }, new Dictionary<string, string> { ["is_valid"] = "True" }];
        Assert.That(Splitters.ColSplitter()(rows), Is.EqualTo((new[] { 0 }, new[] { 1 })));
        Assert.That(() => Splitters.ColSplitter("nope")(rows), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no column 'nope'"));
    }

    [Test]
    public void BadBlockListsAndEmptySplitsAreRefusedClearly()
    {
        string[] items = ["a", "b", "c"];
        var twoGetters = new DataBlock<string> { Blocks = [new CategoryBlock()], Getters = [s => s, s => s] };
        Assert.That(() => twoGetters.Datasets(items), Throws.ArgumentException.With.Message.Contains("2 getters for 1 blocks (CategoryBlock)"));
        var nInp = new DataBlock<string> { Blocks = [new CategoryBlock()], NInp = 2 };
        Assert.That(() => nInp.Datasets(items), Throws.ArgumentException.With.Message.Contains("NInp is 2 but the DataBlock has 1 blocks"));
        var empty = new DataBlock<string> { Blocks = [new CategoryBlock(), new CategoryBlock()], Splitter = Splitters.FuncSplitter<string>(_ => false) };
        Assert.That(() => empty.Datasets(items), Throws.TypeOf<InvalidDataException>().With.Message.Contains("leaves 3 training and 0 validation items"));
        var noItems = new DataBlock<string> { Blocks = [new CategoryBlock()] };
        Assert.That(() => noItems.Datasets([]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no items"));
        var unlabelled = new DataBlock<string>
        {
            Blocks = [new CategoryBlock(), new CategoryBlock()], GetY = s => s == "b" ? throw new FormatException("no label") : s,
        };
        Assert.That(() => unlabelled.Datasets(["a", "b", "c", "d", "e"]),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("b: getting the CategoryBlock value: no label"));
    }
}
