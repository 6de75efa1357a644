// Loads the FastDays that `dotnet build -c Release` (or the README's test command) built, for the notebooks in this folder.
// Run them from this folder: `dotnet tool restore`, then `dotnet repl --run NOTEBOOK.ipynb --exit-after-run`, or open them in VS Code.
#r "../FastDays.Examples/bin/Release/net10.0/TorchSharp.dll"
#r "../FastDays.Examples/bin/Release/net10.0/SkiaSharp.dll"
#r "../FastDays.Examples/bin/Release/net10.0/CsvHelper.dll"
#r "../FastDays.Examples/bin/Release/net10.0/YamlDotNet.dll"
#r "../FastDays.Examples/bin/Release/net10.0/System.CommandLine.dll"
#r "../FastDays.Examples/bin/Release/net10.0/FastDays.Core.dll"
#r "../FastDays.Examples/bin/Release/net10.0/FastDays.Vision.dll"
#r "../FastDays.Examples/bin/Release/net10.0/Microsoft.Data.Analysis.dll"
#r "../FastDays.Examples/bin/Release/net10.0/FastDays.Tabular.dll"
#r "../FastDays.Examples/bin/Release/net10.0/Microsoft.ML.Core.dll"
#r "../FastDays.Examples/bin/Release/net10.0/Microsoft.ML.Data.dll"
#r "../FastDays.Examples/bin/Release/net10.0/Microsoft.ML.DataView.dll"
#r "../FastDays.Examples/bin/Release/net10.0/Microsoft.ML.CpuMath.dll"
#r "../FastDays.Examples/bin/Release/net10.0/Microsoft.ML.FastTree.dll"
#r "../FastDays.Examples/bin/Release/net10.0/Microsoft.ML.StandardTrainers.dll"
#r "../FastDays.Examples/bin/Release/net10.0/Microsoft.ML.Transforms.dll"
#r "../FastDays.Examples/bin/Release/net10.0/FastDays.Trees.dll"
#r "../FastDays.Examples/bin/Release/net10.0/FastDays.Datasets.dll"
#r "../FastDays.Examples/bin/Release/net10.0/FastDays.Foundations.dll"
#r "../FastDays.Examples/bin/Release/net10.0/FastDays.Examples.dll"

// The native libraries of that build (its libLibTorchSharp.so has the libstdc++ step applied; see build/LibTorchSharpCompat.targets).
var fastDaysNative = System.IO.Path.GetFullPath("../FastDays.Examples/bin/Release/net10.0/runtimes/linux-x64/native");
System.Runtime.InteropServices.NativeLibrary.Load(System.IO.Path.Combine(fastDaysNative, "libLibTorchSharp.so"));
var skiaSharpNative = System.Runtime.InteropServices.NativeLibrary.Load(System.IO.Path.Combine(fastDaysNative, "libSkiaSharp.so"));
System.Runtime.InteropServices.NativeLibrary.SetDllImportResolver(typeof(SkiaSharp.SKTypeface).Assembly,
    (name, _, _) => name.Contains("SkiaSharp", StringComparison.Ordinal) ? skiaSharpNative : IntPtr.Zero);
// ML.NET's trees (FastDays.Trees) call their native FastTree library by its bare name.
var fastTreeNative = System.Runtime.InteropServices.NativeLibrary.Load(System.IO.Path.Combine(fastDaysNative, "libFastTreeNative.so"));
System.Runtime.InteropServices.NativeLibrary.SetDllImportResolver(typeof(Microsoft.ML.Trainers.FastTree.FastForestRegressionTrainer).Assembly,
    (name, _, _) => name.Contains("FastTreeNative", StringComparison.Ordinal) ? fastTreeNative : IntPtr.Zero);

// Shows a PNG that a command wrote, in the notebook.
static Microsoft.DotNet.Interactive.Formatting.PocketView Png(string path) =>
    Microsoft.DotNet.Interactive.Formatting.PocketViewTags.img[src: $"data:image/png;base64,{Convert.ToBase64String(System.IO.File.ReadAllBytes(path))}"];
