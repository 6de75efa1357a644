using System.Reflection;
using System.Runtime.Loader;
using FastDays.Learning;
using FastDays.Modules;
using FastDays.Tests.Support;

namespace FastDays.Tests.Modules;

/// <summary>The ModelZoo finds an export's architecture through the assembly the export names, in whatever load context FastDays.Core lives — a plugin
/// host's too — and FastDays.Core names no library above it.</summary>
[NonParallelizable]
public sealed class ModelZooTests
{
    [Test]
    public void AnExportRecordsTheAssemblyThatRegisteredItsArchitecture()
    {
        using var dir = new TempDirectory();
        var (code, output) = ExamplesProcess.Run(["train", "--data", "tiny", "--arch", "simple_cnn", "--widths", "8,16", "--epochs", "1", "--tta", "false",
            "--path", dir.File("run")]);
        Assert.That(code, Is.Zero, output);
        var json = ExportExtensions.ReadEntry(dir.File(Path.Combine("run", "export.fastdays")), "export.json")!;
        Assert.That(json, Does.Contain("\"ArchAssembly\":\"FastDays.Vision\""));
        Assert.That(ModelZoo.AssemblyOf("simple_cnn"), Is.EqualTo("FastDays.Vision"));
        Assert.That(ModelZoo.AssemblyOf("tabular"), Is.EqualTo("FastDays.Tabular"));
        Assert.That(() => ModelZoo.EnsureRegistered("No.Such.Assembly"), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("No.Such.Assembly"));
    }

    [Test]
    public void APluginHostThatLoadsFastDaysByPathLoadsAnExportWithoutTouchingVisionItself()
    {
        using var dir = new TempDirectory();
        var (code, output) = ExamplesProcess.Run(["train", "--data", "tiny", "--arch", "simple_cnn", "--widths", "8,16", "--epochs", "1", "--tta", "false",
            "--path", dir.File("run")]);
        Assert.That(code, Is.Zero, output);
        // A context of its own that loads FastDays' assemblies from a path, as a plugin host does; FastDays.Vision is never named by the host, only by
        // the export.
        var bin = AppContext.BaseDirectory;
        var host = new PluginContext(bin);
        var core = host.LoadFromAssemblyPath(Path.Combine(bin, "FastDays.Core.dll"));
        Assert.That(host.Assemblies.Select(a => a.GetName().Name), Does.Not.Contain("FastDays.Vision"), "the host has not loaded Vision");
        var load = core.GetType("FastDays.Learning.ExportExtensions")!.GetMethod("LoadLearner")!;
        var learner = load.Invoke(null, [dir.File(Path.Combine("run", "export.fastdays")), null])!;
        Assert.That(learner.GetType().Assembly, Is.SameAs(core));
        Assert.That(host.Assemblies.Select(a => a.GetName().Name), Does.Contain("FastDays.Vision"), "loaded by the name the export gave");
        var vocab = (IReadOnlyList<string>)learner.GetType().GetProperty("Vocab")!.GetValue(learner)!;
        Assert.That(vocab, Has.Count.EqualTo(10));
    }

    // A plugin host's context: FastDays' own assemblies from its folder, everything else shared with the default context.
    private sealed class PluginContext(string folder) : AssemblyLoadContext("plugin-host")
    {
        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name is "FastDays.Core" or "FastDays.Vision" ? LoadFromAssemblyPath(Path.Combine(folder, $"{assemblyName.Name}.dll")) : null;
    }

    [Test]
    public void CoreNamesNoLibraryAboveIt()
    {
        var core = typeof(ModelZoo).Assembly;
        Assert.That(core.GetReferencedAssemblies().Select(a => a.Name), Has.None.StartsWith("FastDays."));
        var literals = File.ReadAllText(Path.Combine(PythonFixtures.RepoRoot, "FastDays.Core", "Modules", "ModelZoo.cs"));
        Assert.That(literals, Does.Not.Contain("\"FastDays.Vision").And.Not.Contain("\"FastDays.Tabular"));
    }
}
