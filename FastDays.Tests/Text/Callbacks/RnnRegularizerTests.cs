using FastDays.Text.Callbacks;
using static TorchSharp.torch;

namespace FastDays.Tests.Text.Callbacks;

public sealed class RnnRegularizerTests
{
    [Test]
    public void ThePenaltyIsTheBooksArPlusTar()
    {
        using var scope = NewDisposeScope();
        var raw = tensor(new float[] { 1, 2, 4, 0, 0, 3 }, [2, 3, 1]);        // steps change by 1, 2 and 0, 3
        var output = tensor(new float[] { 1, -1, 2, 0, 0, 2 }, [2, 3, 1]);    // mean square 10/6
        var penalty = RnnRegularizer.Penalty(raw, output, alpha: 2, beta: 1).item<float>();
        Assert.That(penalty, Is.EqualTo(2 * 10.0 / 6 + 1 * (1 + 4 + 0 + 9) / 4.0).Within(1e-5));
    }
}
