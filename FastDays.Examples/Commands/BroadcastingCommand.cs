namespace FastDays.Examples.Commands;

/// <summary>Shows the broadcasting rules on TorchSharp tensors, including a case that fails and the error it gives.</summary>
internal sealed class BroadcastingCommand : ExampleCommand<BroadcastingOptions>
{
    /// <inheritdoc />
    public override string Name => "broadcasting";

    /// <inheritdoc />
    public override string Summary => "The broadcasting rules on TorchSharp tensors: scalars, row and column vectors, (3,1)+(1,4), a failing case";

    /// <inheritdoc />
    public override int Run(BroadcastingOptions o)
    {
        using var scope = NewDisposeScope();
        // C# numbers become libtorch Scalars; a ScalarScope frees them (TorchSharp's `a + b` and `a * 10` leave theirs,
        // including add's hidden alpha = 1, to the finalizer, which may free them while libtorch still reads them).
        using var s = new ScalarScope();
        var one = ScalarScope.One;
        Console.WriteLine("Broadcasting: line the shapes up from the right; each pair of sizes must be equal, or one of them 1");
        Console.WriteLine("(or missing), and a size-1 dimension is stretched to match without copying any data.\n");

        var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3);    // (2, 3)
        Show("A", a);

        Console.WriteLine("1. A scalar is stretched to every element:  A + 10");
        Show("A + 10", a.add(s.Of(10), one));

        var row = tensor(new float[] { 100, 200, 300 }).reshape(1, 3);      // (1, 3)
        Console.WriteLine("2. A row vector (1, 3) is added to every row:  (2, 3) + (1, 3) -> (2, 3)");
        Show("row", row);
        Show("A + row", a.add(row, one));

        var column = tensor(new float[] { 10, 20 }).reshape(2, 1);          // (2, 1)
        Console.WriteLine("3. A column vector (2, 1) is added to every column:  (2, 3) + (2, 1) -> (2, 3)");
        Show("column", column);
        Show("A + column", a.add(column, one));

        Console.WriteLine("4. Both operands stretch:  (3, 1) + (1, 4) -> (3, 4), an outer sum");
        var c = tensor(new float[] { 0, 1, 2 }).reshape(3, 1);              // (3, 1)
        var r = tensor(new float[] { 0, 10, 20, 30 }).reshape(1, 4);        // (1, 4)
        Show("c (3, 1)", c);
        Show("r (1, 4)", r);
        Show("c + r", c.add(r, one));

        Console.WriteLine("5. A rank-1 tensor (3) acts as a row (1, 3); with a column (3, 1) it silently gives (3, 3):");
        var v = tensor(new float[] { 1, 2, 3 });                             // (3)
        Show("v (3) + v.reshape(3, 1)", v.add(v.reshape(3, 1), one));
        Console.WriteLine("   That is why logistic regression keeps w as (n, 1) and Y as (1, m) instead of rank-1 tensors.\n");

        Console.WriteLine("6. Normalising columns, as in the course: divide each column by its sum, (2, 3) / (1, 3)");
        var sums = a.sum(0, keepdim: true);                                   // (1, 3)
        Show("A.sum(0, keepdim: true)", sums);
        Show("100 * A / sums", a.mul(s.Of(100)).div(sums));

        Console.WriteLine("7. A failing case:  (2, 3) + (2)  — aligned from the right, 3 and 2 are neither equal nor 1:");
        var bad = tensor(new float[] { 1, 2 });                               // (2)
        try
        {
            using var result = a.add(bad, one);
            Console.WriteLine($"   unexpectedly succeeded with shape {ShapeOf(result)}");
            return 1;
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException or ArgumentException)
        {
            Console.WriteLine($"   {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
        Console.WriteLine("   Fix: make the shapes compatible, for example bad.reshape(2, 1) to add it to every column:");
        Show("A + bad.reshape(2, 1)", a.add(bad.reshape(2, 1), one));
        return 0;
    }

    private static string ShapeOf(Tensor t) => $"({string.Join(", ", t.shape)})";

    private static void Show(string label, Tensor t)
    {
        Console.WriteLine($"   {label}  shape {ShapeOf(t)}");
        var values = t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        var width = t.dim() == 2 ? (int)t.shape[1] : values.Length;
        var rows = Enumerable.Range(0, values.Length / width)
            .Select(i =>
                "[" + string.Join(", ",
                    values.Skip(i * width).Take(width).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))) + "]").ToList();
        var text = t.dim() == 2 ? "[" + string.Join("\n    ", rows) + "]" : rows[0];   // numpy's layout: one row per line
        Console.WriteLine($"   {text}");
        Console.WriteLine();
    }
}
