namespace FastDays.Tests;

public sealed class SeedsTests
{
    [Test]
    public void SplitMix64GivesTheReferenceSequence()
    {
        // The reference outputs of SplitMix64 (Steele, Lea and Flood 2014; Vigna's splitmix64.c) for the state 1234567.
        ulong state = 1234567;
        var outputs = new List<ulong>();
        for (var i = 0; i < 3; i++)
        {
            outputs.Add(Seeds.SplitMix64(state));
            state += 0x9E3779B97F4A7C15UL;
        }
        Assert.That(outputs, Is.EqualTo(new[] { 6457827717110365317UL, 3203168211198807973UL, 9817491932198370423UL }));
    }

    [Test]
    public void CombineDependsOnEveryPartAndItsOrder()
    {
        Assert.That(Seeds.Combine(1, 2, 3), Is.EqualTo(Seeds.Combine(1, 2, 3)));
        Assert.That(Seeds.Combine(1, 2, 3), Is.Not.EqualTo(Seeds.Combine(3, 2, 1)));
        Assert.That(Seeds.Combine(1, 2, 3), Is.Not.EqualTo(Seeds.Combine(1, 2, 4)));
        Assert.That(Enumerable.Range(0, 1000).Select(i => Seeds.Combine(42, i)).Distinct().Count(), Is.EqualTo(1000));
    }
}
