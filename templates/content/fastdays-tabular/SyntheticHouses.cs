using System.Globalization;

namespace FastDaysTabular;

/// <summary>A table to try the project on: house prices from size, rooms, age, district and a few gaps, as CSV.</summary>
public static class SyntheticHouses
{
    /// <summary>Writes the table (once; an existing file is kept) and returns its path.</summary>
    public static string Write(string path, int rows)
    {
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var random = new Random(0);
        string[] districts = ["north", "south", "east", "west", "centre"];
        using var writer = new StreamWriter(path);
        writer.WriteLine("size,rooms,age,district,price");
        for (var i = 0; i < rows; i++)
        {
            var (size, rooms, age, district) = (random.Next(30, 250), random.Next(1, 7), random.Next(0, 80), random.Next(districts.Length));
            var price = 1.5 * size + 10 * rooms - 0.8 * age + 40 * district + random.NextDouble() * 20;
            var ageText = random.NextDouble() < 0.05 ? "" : age.ToString(CultureInfo.InvariantCulture);   // some ages are unknown
            writer.WriteLine(FormattableString.Invariant($"{size},{rooms},{ageText},{districts[district]},{price:F1}"));
        }
        return path;
    }
}
