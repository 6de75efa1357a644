using FastDays.Persistence;
using static TorchSharp.torch;

namespace FastDays.Tests.Persistence;

public sealed class TensorStoreTests
{
    private static byte[] Written()
    {
        using var weight = arange(6, dtype: ScalarType.Float32).reshape(2, 3);
        using var stream = new MemoryStream();
        TensorStore.Write(stream, [new("layer.weight", weight)]);
        return stream.ToArray();
    }

    [Test]
    public void ReadGivesBackWhatWriteWrote()
    {
        var read = TensorStore.Read(new MemoryStream(Written()), "model.fdts");
        Assert.That(read.Keys, Is.EqualTo(new[] { "layer.weight" }));
        Assert.That(read["layer.weight"].shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(read["layer.weight"].data<float>().ToArray(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5 }));
        read["layer.weight"].Dispose();
    }

    [Test]
    public void ACorruptNameLengthOrATruncationIsRefusedNamingTheSource()
    {
        // A tensor name's length is a 7-bit-encoded integer: five bytes with the continuation bit set are no integer at all (found by the fuzz benchmark).
        var bytes = Written();
        var nameAt = 1 + "FDTS1".Length + sizeof(int);
        var corrupt = bytes.ToArray();
        for (var i = 0; i < 5; i++) corrupt[nameAt + i] = 0xff;
        Assert.That(() => TensorStore.Read(new MemoryStream(corrupt), "ckpt!model.fdts"),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("ckpt!model.fdts: "));
        Assert.That(() => TensorStore.Read(new MemoryStream(bytes[..^5]), "ckpt!model.fdts"),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith("ckpt!model.fdts: "));
    }
}
