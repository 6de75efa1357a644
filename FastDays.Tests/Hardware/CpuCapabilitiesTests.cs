using FastDays.Hardware;

namespace FastDays.Tests.Hardware;

public sealed class CpuCapabilitiesTests
{
    private const string Zen5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9B45\ncpu MHz\t\t: 2600.000\n" +
        "flags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 9B45\n";

    [Test]
    public void AvxBf16OrAmxMeansNativeBfloat16AndTheFlagIsNamed()
    {
        var cpu = CpuCapabilities.Parse(Zen5);
        Assert.That((cpu.Name, cpu.NativeBf16, cpu.Evidence), Is.EqualTo(("AMD EPYC 9B45", true, "avx512_bf16")));
        Assert.That((cpu.Flags.Contains("avx512f"), cpu.Flags.Count, cpu.NominalGhz), Is.EqualTo((true, 6, 2.6)));
        var amx = CpuCapabilities.Parse("model name : Intel Xeon\nflags : avx512f amx_tile amx_bf16\n");
        Assert.That((amx.NativeBf16, amx.Evidence), Is.EqualTo((true, "amx_bf16")));
    }

    [Test]
    public void AvxFiveTwelveAloneOrNothingReadableIsNotNative()
    {
        var skylake = CpuCapabilities.Parse("model name : Intel Xeon Gold 6148\nflags : avx2 avx512f avx512bw avx512_vnni\n");
        Assert.That((skylake.NativeBf16, skylake.Evidence), Is.EqualTo((false, "none of avx512_bf16, amx_bf16")));
        var empty = CpuCapabilities.Parse("");
        Assert.That((empty.Name, empty.NativeBf16, empty.Flags.Count, double.IsNaN(empty.NominalGhz)), Is.EqualTo(("unknown CPU", false, 0, true)));
    }

    [Test]
    public void ThisMachineIsReadWhereThereIsAProcCpuinfo()
    {
        var cpu = CpuCapabilities.Detect();
        if (OperatingSystem.IsLinux())
        {
            var flags = File.ReadAllText("/proc/cpuinfo");
            var native = flags.Contains(" avx512_bf16", StringComparison.Ordinal) || flags.Contains(" amx_bf16", StringComparison.Ordinal);
            Assert.That(cpu.NativeBf16, Is.EqualTo(native));
            Assert.That(cpu.Name, Is.Not.EqualTo("unknown CPU"));
        }
        else Assert.That(cpu.NativeBf16, Is.False);
    }
}
