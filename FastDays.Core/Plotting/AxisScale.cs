using System.Globalization;

namespace FastDays.Plotting;

/// <summary>Maps data values on one axis to pixels, linearly or by log10, and chooses round tick values.</summary>
internal sealed class AxisScale
{
    private static readonly double[] Mantissas = [1.0, 2.0, 5.0];
    private static readonly double[] Steps = [1.0, 2.0, 5.0, 10.0];

    private readonly double _lo;
    private readonly double _hi;

    private AxisScale(double lo, double hi, bool log)
    {
        _lo = lo;
        _hi = hi;
        Log = log;
    }

    /// <summary>Whether the axis is logarithmic (base 10).</summary>
    public bool Log { get; }

    /// <summary>The smallest value on the axis, in data units.</summary>
    public double Min => Log ? Math.Pow(10, _lo) : _lo;

    /// <summary>The largest value on the axis, in data units.</summary>
    public double Max => Log ? Math.Pow(10, _hi) : _hi;

    /// <summary>An axis covering the values (finite ones, and positive ones when log) with a little margin when pad is set.</summary>
    public static AxisScale Fit(IEnumerable<double> values, bool log, bool pad)
    {
        var usable = values.Where(v => double.IsFinite(v) && (!log || v > 0)).Select(v => log ? Math.Log10(v) : v).ToList();
        double lo = usable.Count > 0 ? usable.Min() : 0, hi = usable.Count > 0 ? usable.Max() : 1;
        if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi)))
        {
            var half = log ? 0.5 : Math.Max(0.5, Math.Abs(hi) * 0.05);
            lo -= half;
            hi += half;
        }
        else if (pad)
        {
            var margin = (hi - lo) * 0.05;
            lo -= margin;
            hi += margin;
        }
        return new AxisScale(lo, hi, log);
    }

    /// <summary>Where a value falls between 0 (axis start) and 1 (axis end); NaN for values the axis cannot show.</summary>
    public double Fraction(double value)
    {
        if (!double.IsFinite(value) || (Log && value <= 0)) return double.NaN;
        var v = Log ? Math.Log10(value) : value;
        return (v - _lo) / (_hi - _lo);
    }

    /// <summary>Round values inside the axis: 1-2-5 steps when linear, powers of ten (or 1-2-5 within a decade) when log.</summary>
    public IReadOnlyList<double> Ticks()
    {
        if (!Log) return LinearTicks(_lo, _hi);
        var decades = Enumerable.Range((int)Math.Ceiling(_lo - 1e-9), Math.Max(0, (int)Math.Floor(_hi + 1e-9) - (int)Math.Ceiling(_lo - 1e-9) + 1)).ToList();
        var step = Math.Max(1, (int)Math.Ceiling(decades.Count / 8.0));
        var ticks = decades.Where(d => d % step == 0).Select(d => Math.Pow(10, d)).ToList();
        if (ticks.Count >= 2) return ticks;
        var fine = new List<double>();
        for (var d = (int)Math.Floor(_lo); d <= (int)Math.Ceiling(_hi); d++)
            foreach (var m in Mantissas)
            {
                var v = m * Math.Pow(10, d);
                var f = Math.Log10(v);
                if (f >= _lo - 1e-9 && f <= _hi + 1e-9) fine.Add(v);
            }
        return fine;
    }

    /// <summary>A short label for a tick value.</summary>
    public string Label(double value)
    {
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        if (Log || magnitude >= 1e5 || magnitude < 1e-3) return value.ToString("0.##E0", CultureInfo.InvariantCulture);
        return value.ToString("0.####", CultureInfo.InvariantCulture);
    }

    private static List<double> LinearTicks(double lo, double hi)
    {
        var raw = (hi - lo) / 5;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = Steps.Select(m => m * power).First(s => s >= raw * 0.999);
        var ticks = new List<double>();
        for (var v = Math.Ceiling(lo / step) * step; v <= hi + step * 1e-9; v += step)
            ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : Math.Round(v / step) * step);
        return ticks;
    }
}
