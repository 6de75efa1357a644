using FastDays.Text.Data;
using static TorchSharp.torch;

namespace FastDays.Tests.Text.Data;

public sealed class TextBlockTests
{
    [Test]
    public void PaddingGoesInWholeWindowsFirstAndTheRemainderAfterAsFastaisPadInputChunk()
    {
        // fastai's own example of pad_input_chunk (seq_len 2), with the padding index 1.
        using var padded = TextBlock.PadChunks([tensor(new long[] { 2, 3, 4, 5, 6, 7 }), tensor(new long[] { 2, 3, 4 }), tensor(new long[] { 2, 3 })], 2);
        Assert.That(padded.data<long>().ToArray(), Is.EqualTo(new long[] { 2, 3, 4, 5, 6, 7, 1, 1, 2, 3, 4, 1, 1, 1, 1, 1, 2, 3 }));
    }

    [Test]
    public void ATextRoundTripsThroughItsIndicesAndAnEmptyOneIsRefused()
    {
        var block = new TextBlock(minFreq: 1);
        block.Setup(["The cat sat on the mat.", "A dog!"]);
        Assert.That(block.Vocab.Take(9), Is.EqualTo(FastDays.Text.Tokenization.SpecialTokens.All));
        Assert.That(block.Vocab.Count % 8, Is.Zero);
        using var ids = block.Encode("The cat sat on the mat.");
        Assert.That(block.Decode(ids), Is.EqualTo("xxbos xxmaj the cat sat on the mat ."));
        using var unknown = block.Encode("zebra");
        Assert.That(block.Decode(unknown), Is.EqualTo("xxbos xxunk"));
        Assert.Throws<InvalidDataException>(() => block.Encode(Array.Empty<string>()));
        Assert.Throws<InvalidDataException>(() => block.Encode(42));
    }
}
