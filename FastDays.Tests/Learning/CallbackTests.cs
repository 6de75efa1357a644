using System.Reflection;
using FastDays.Learning;
using FastDays.Tests.Support;

namespace FastDays.Tests.Learning;

/// <summary>The events are listed three times (the Event enum, Callback's virtual methods, Invoke's switch): these tests keep them in step.</summary>
public sealed class CallbackTests
{
    [Test]
    public void EveryEventHasAVirtualMethodOfItsNameAndEveryEventMethodAnEvent()
    {
        var methods = typeof(Callback).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.IsVirtual && m.ReturnType == typeof(void) && m.GetParameters().Length == 0 && m.Name != nameof(Callback.AfterCreate))
            .Select(m => m.Name);
        Assert.That(methods, Is.EquivalentTo(Enum.GetNames<Event>()));
    }

    [Test]
    public void InvokeCallsTheMethodOfEachEvent()
    {
        var rec = new RecordingCallback();
        foreach (var e in Enum.GetValues<Event>()) rec.Invoke(e);
        Assert.That(rec.Events, Is.EqualTo(Enum.GetValues<Event>()));
    }
}
