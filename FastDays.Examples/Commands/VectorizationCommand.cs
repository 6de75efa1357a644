using System.Diagnostics;
using System.Globalization;
using System.Numerics;

namespace FastDays.Examples.Commands;

/// <summary>Day 4 of the journey, the lecture's own benchmark: the dot product of two long vectors by an explicit loop, by SIMD in C#
/// (System.Numerics.Vector), and by TorchSharp's dot, timed in one run (and Python's loop and NumPy's dot when they are there).</summary>
internal sealed class VectorizationCommand : ExampleCommand<VectorizationOptions>
{
    /// <inheritdoc />
    public override string Name => "vectorization";

    /// <inheritdoc />
    public override string Summary => "Day 4: a dot product by a for loop, by C# SIMD and by TorchSharp (and Python and NumPy), timed in one run";

    /// <inheritdoc />
    public override int Run(VectorizationOptions o)
    {
        if (o.Size < 1 || o.Repeats < 1) throw new ArgumentException("--size and --repeats must be at least 1");
        var random = new Random(0);
        var a = new double[o.Size];
        var b = new double[o.Size];
        for (var i = 0; i < o.Size; i++) (a[i], b[i]) = (random.NextDouble(), random.NextDouble());
        using var ta = tensor(a);
        using var tb = tensor(b);
        Console.WriteLine($"dot product of two vectors of {o.Size:N0} float64 values, median of {o.Repeats} runs, {Environment.ProcessorCount} cores, " +
            $"SIMD width {Vector<double>.Count} doubles ({(Vector.IsHardwareAccelerated ? "hardware" : "software")})");
        var rows = new List<(string Name, double Seconds, double Value)>
        {
            Time("for loop (C#, JIT-compiled)", o.Repeats, () => Loop(a, b)),
            Time("System.Numerics.Vector<double> (C# SIMD)", o.Repeats, () => Simd(a, b)),
            Time("TorchSharp dot (libtorch, vectorized)", o.Repeats, () =>
            {
                using var d = ta.dot(tb);
                return d.item<double>();
            }),
        };
        if (o.Python) rows.AddRange(Python(o.Size, o.Repeats));
        var loop = rows[0].Seconds;
        Console.WriteLine($"\n{"version",-44} {"time",12} {"vs C# loop",11}  result");
        foreach (var (name, seconds, value) in rows)
            Console.WriteLine($"{name,-44} {Format(seconds),12} {Ratio(loop / seconds),11}  {value.ToString("F4", CultureInfo.InvariantCulture)}");
        if (rows.Count > 3) Console.WriteLine("(Python draws its own random vectors, hence its different result)");
        Console.WriteLine("\nWhy the C# loop is far closer to the vectorized versions than a Python loop is: the JIT compiles it to machine code that " +
            "keeps the running sum in a register (about one multiply-add per element), while CPython interprets each iteration and " +
            "boxes every number. What vectorization still buys in C# is SIMD (several multiply-adds per instruction) and, in libtorch, " +
            "a tuned kernel; at this size all of them are limited by memory bandwidth (16 MB read).");
        Console.WriteLine("The same comparison on logistic regression's forward and backward pass (loops over examples vs matrix products): `logreg`.");
        return 0;
    }

    private static double Loop(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double Simd(double[] a, double[] b)
    {
        var acc = Vector<double>.Zero;
        var width = Vector<double>.Count;
        var i = 0;
        for (; i <= a.Length - width; i += width) acc += new Vector<double>(a, i) * new Vector<double>(b, i);
        var sum = Vector.Dot(acc, Vector<double>.One);
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static (string, double, double) Time(string name, int repeats, Func<double> run)
    {
        var value = run();   // warm-up (and JIT compilation)
        var times = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            value = run();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        return (name, times.Order().ElementAt(times.Count / 2), value);
    }

    // The same sizes in CPython: an explicit loop and NumPy's dot, each the median of its runs (printed as "seconds result" lines).
    private static List<(string, double, double)> Python(int size, int repeats)
    {
        const string script = """
            import sys, time, numpy as np
            n, repeats = int(sys.argv[1]), int(sys.argv[2])
            rng = np.random.default_rng(0)
            a, b = rng.random(n), rng.random(n)
            la, lb = a.tolist(), b.tolist()
            def loop():
                s = 0.0
                for i in range(n):
                    s += la[i] * lb[i]
                return s
            for f in (loop, lambda: float(np.dot(a, b))):
                f()
                times = []
                for _ in range(repeats):
                    t = time.perf_counter(); v = f(); times.append(time.perf_counter() - t)
                print(sorted(times)[len(times) // 2], v)
            """;
        if (!DebianPython.Exists) return [];
        var (code, output, _) =
            DebianPython.Run("-c", script, size.ToString(CultureInfo.InvariantCulture), Math.Min(repeats, 3).ToString(CultureInfo.InvariantCulture));
        if (code != 0)
        {
            Console.WriteLine("(Python with NumPy not found at /usr/bin/python3: its loop and dot are left out)");
            return [];
        }
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return [("for loop (CPython, interpreted)", D(lines[0][0]), D(lines[0][1])), ("NumPy dot (vectorized)", D(lines[1][0]), D(lines[1][1]))];
    }

    private static string Ratio(double speedUp) =>
        speedUp >= 1 ? $"{speedUp:F1}× faster" : $"{1 / speedUp:F0}× slower";

    private static string Format(double seconds) => seconds >= 1e-1 ? $"{seconds * 1e3:F0} ms" : seconds >= 1e-3 ? $"{seconds * 1e3:F2} ms"
        : $"{seconds * 1e6:F0} µs";
}
