using System.Globalization;
using System.Text.RegularExpressions;

namespace FastDays.Tabular.Data;

/// <summary>fastai's add_datepart: a date column becomes Year, Month, Week, Day, Dayofweek, Dayofyear, the Is_… flags and Elapsed (seconds since
/// 1970).</summary>
public static partial class DateParts
{
    /// <summary>The parts' suffixes, in the order they are added.</summary>
    public static IReadOnlyList<string> Suffixes { get; } =
    [
        "Year", "Month", "Week", "Day", "Dayofweek", "Dayofyear", "Is_month_end", "Is_month_start", "Is_quarter_end", "Is_quarter_start",
        "Is_year_end", "Is_year_start", "Elapsed",
    ];

    /// <summary>The prefix of a date column's parts: its name without a trailing Date or date (saledate → sale).</summary>
    public static string Prefix(string field) => DateSuffix().Replace(field, "");

    /// <summary>The table with the date column field replaced by its parts (missing or unreadable dates give missing parts).</summary>
    public static Table Add(Table table, string field)
    {
        ArgumentNullException.ThrowIfNull(table);
        var prefix = Prefix(field);
        var dates = table[field].Select(v => v is not null && DateTime.TryParse(v, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d : (DateTime?)null).ToArray();
        var result = table.Drop(field);
        foreach (var suffix in Suffixes)
            result = result.With(prefix + suffix, [.. dates.Select(d => d is { } date ? Part(date, suffix) : null)]);
        return result;
    }

    private static string Part(DateTime d, string suffix)
    {
        static string Flag(bool b) => b ? "True" : "False";
        var quarterStart = d.Day == 1 && d.Month % 3 == 1;
        var quarterEnd = d.Day == DateTime.DaysInMonth(d.Year, d.Month) && d.Month % 3 == 0;
        return suffix switch
        {
            "Year" => d.Year.ToString(CultureInfo.InvariantCulture),
            "Month" => d.Month.ToString(CultureInfo.InvariantCulture),
            "Week" => ISOWeek.GetWeekOfYear(d).ToString(CultureInfo.InvariantCulture),
            "Day" => d.Day.ToString(CultureInfo.InvariantCulture),
            "Dayofweek" => (((int)d.DayOfWeek + 6) % 7).ToString(CultureInfo.InvariantCulture),   // Monday 0, as pandas
            "Dayofyear" => d.DayOfYear.ToString(CultureInfo.InvariantCulture),
            "Is_month_end" => Flag(d.Day == DateTime.DaysInMonth(d.Year, d.Month)),
            "Is_month_start" => Flag(d.Day == 1),
            "Is_quarter_end" => Flag(quarterEnd),
            "Is_quarter_start" => Flag(quarterStart),
            "Is_year_end" => Flag(d.Month == 12 && d.Day == 31),
            "Is_year_start" => Flag(d.Month == 1 && d.Day == 1),
            _ => new DateTimeOffset(d, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex("[Dd]ate$")]
    private static partial Regex DateSuffix();
}
