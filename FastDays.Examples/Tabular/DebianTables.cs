using FastDays.Tabular.Data;

namespace FastDays.Examples.Tabular;

/// <summary>Larger real tables that Debian packages for R: modeldata's Ames housing (2,930 sales, 73 columns, the book's bulldozers in
/// miniature) and ggplot2's diamonds (53,940 stones), each written once as CSV with its price's natural logarithm as the target.</summary>
internal static class DebianTables
{
    /// <summary>Ames housing with Log_Sale_Price (log of Sale_Price, which is dropped) as the target.</summary>
    public static Table Ames(string cache) => Read(cache, "ames.csv", "r-base-core r-cran-modeldata",
        "data(ames, package='modeldata'); a <- as.data.frame(ames); a$Log_Sale_Price <- log(a$Sale_Price); a$Sale_Price <- NULL");

    /// <summary>The diamonds with log_price (log of price, which is dropped) as the target.</summary>
    public static Table Diamonds(string cache) => Read(cache, "diamonds.csv", "r-base-core r-cran-ggplot2",
        "data(diamonds, package='ggplot2'); a <- as.data.frame(diamonds); a$log_price <- log(a$price); a$price <- NULL");

    private static Table Read(string cache, string name, string packages, string expression)
    {
        Directory.CreateDirectory(cache);
        var csv = Path.Combine(cache, name);
        if (!File.Exists(csv))
        {
            var tmp = Path.GetFullPath(csv + ".partial").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
            DebianR.Run($"{expression}; write.csv(a, '{tmp}', row.names=FALSE)", packages);
            File.Move(csv + ".partial", csv, overwrite: true);
        }
        return Table.ReadCsv(csv);
    }
}
