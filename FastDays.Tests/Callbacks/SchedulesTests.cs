using FastDays.Callbacks;

namespace FastDays.Tests.Callbacks;

/// <summary>fastai's annealing functions, at fastai's own test points (its callback.schedule notebook, where they are compared to 5 decimals).</summary>
public sealed class SchedulesTests
{
    private static readonly double[] Positions = [0, 0.25, 0.5, 0.75, 1];

    private static IEnumerable<TestCaseData> Cases() =>
    [
        new TestCaseData(Schedules.SchedLin(0, 2), new[] { 0, 0.5, 1, 1.5, 2 }).SetArgDisplayNames("SchedLin(0, 2)"),
        new TestCaseData(Schedules.SchedCos(0, 2), new[] { 0, 0.29289, 1, 1.70711, 2 }).SetArgDisplayNames("SchedCos(0, 2)"),
        new TestCaseData(Schedules.SchedNo(0, 2), new double[] { 0, 0, 0, 0, 0 }).SetArgDisplayNames("SchedNo(0, 2)"),
        new TestCaseData(Schedules.SchedExp(1, 2), new[] { 1, 1.18921, 1.41421, 1.68179, 2 }).SetArgDisplayNames("SchedExp(1, 2)"),
        new TestCaseData(Schedules.SchedPoly(0, 2, 2), new[] { 0, 0.125, 0.5, 1.125, 2 }).SetArgDisplayNames("SchedPoly(0, 2, 2)"),
    ];

    [TestCaseSource(nameof(Cases))]
    public void GivesFastaisValues(Schedule schedule, double[] expected) =>
        Assert.That(Positions.Select(p => schedule(p)), Is.EqualTo(expected).Within(1e-5));

    [Test]
    public void SchedPolyOfPowerOneIsLinearAndOfPowerOneHalfIsTheSquareRoot()
    {
        // fastai plots SchedPoly(2, 0, e) for powers 0.5, 1 and 2.
        foreach (var p in Positions)
        {
            Assert.That(Schedules.SchedPoly(2, 0, 1)(p), Is.EqualTo(Schedules.SchedLin(2, 0)(p)).Within(1e-12));
            Assert.That(Schedules.SchedPoly(2, 0, 0.5)(p), Is.EqualTo(2 - 2 * Math.Sqrt(p)).Within(1e-12));
        }
    }
}
