using System.Globalization;
using FastDays.Interop;

namespace FastDays.Examples.Commands;

/// <summary>`weights inspect FILE [--key PATH]`: one line per tensor of a PyTorch or safetensors file — name, dtype, shape, sum.</summary>
internal sealed class WeightsCommand : ExampleCommand<WeightsOptions>
{
    /// <inheritdoc />
    public override string Name => "weights";

    /// <inheritdoc />
    public override string Summary => "List the tensors of a .pt/.pth (zip or legacy) or .safetensors file: name, dtype, shape, sum";

    /// <inheritdoc />
    public override int Run(WeightsOptions o)
    {
        var path = o.File;   // o.Action is inspect, the only action
        try
        {
            var tensors = WeightsFile.ReadAll(path, o.Key);
            foreach (var (name, t) in tensors)
            {
                using var sum = t.to_type(ScalarType.Float64).sum();
                Console.WriteLine($"{name} {t.dtype.ToString().ToLowerInvariant()} {Formats.Shape(t)} " +
                    $"{sum.item<double>().ToString("G10", CultureInfo.InvariantCulture)}");
            }
            Console.WriteLine($"{tensors.Count} tensors, {tensors.Sum(t => t.Tensor.numel()):N0} values");
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or KeyNotFoundException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
