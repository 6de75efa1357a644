using System.Globalization;
using System.Text;
using FastDays.Persistence;

namespace FastDays.Examples.Text;

/// <summary>The English text Debian packages for R: Jane Austen's six novels (r-cran-janeaustenr) as chapters, and the small_fine_foods product
/// reviews (r-cran-modeldata) written as a folder in the IMDb layout; converted once into a cache folder.</summary>
internal static class DebianText
{
    private const string AustenPackages = "r-base-core r-cran-janeaustenr";
    private const string FoodsPackages = "r-base-core r-cran-modeldata";

    /// <summary>Austen's novels cut at their chapter headings: (novel, chapter text) in the novels' order.</summary>
    public static List<(string Book, string Text)> AustenChapters(string cache)
    {
        Directory.CreateDirectory(cache);
        var csv = Path.Combine(cache, "austen.csv");
        if (!File.Exists(csv))
        {
            var tmp = csv + ".partial";
            DebianR.Run($"library(janeaustenr); write.csv(austen_books(), '{Escape(tmp)}', row.names=FALSE)", AustenPackages);
            File.Move(tmp, csv, overwrite: true);
        }
        var chapters = new List<(string, string)>();
        var (book, text) = ("", new StringBuilder());
        void Flush()
        {
            if (text.Length > 0) chapters.Add((book, text.ToString().Trim()));
            text.Clear();
        }
        foreach (var row in CsvRows.Read(csv))
        {
            var line = row["text"];
            if (row["book"] != book || line.StartsWith("CHAPTER", StringComparison.Ordinal) || line.StartsWith("Chapter ", StringComparison.Ordinal))
            {
                Flush();
                book = row["book"];
            }
            text.Append(line.Length == 0 ? "\n" : line + " ");
        }
        Flush();
        return chapters;
    }

    /// <summary>The small_fine_foods reviews as cache/foods/{train,test}/{great,other}/N.txt (4,000 training and 1,000 test reviews); returns the
    /// folder.</summary>
    public static string FoodsFolder(string cache)
    {
        var folder = Path.Combine(cache, "foods");
        if (File.Exists(Path.Combine(folder, "complete"))) return folder;
        Directory.CreateDirectory(cache);
        var (train, test) = (Path.Combine(cache, "foods_train.csv"), Path.Combine(cache, "foods_test.csv"));
        DebianR.Run($"data(small_fine_foods, package='modeldata'); write.csv(training_data, '{Escape(train)}', row.names=FALSE); " +
            $"write.csv(testing_data, '{Escape(test)}', row.names=FALSE)", FoodsPackages);
        foreach (var (csv, split) in new[] { (train, "train"), (test, "test") })
        {
            var rows = CsvRows.Read(csv);
            for (var i = 0; i < rows.Count; i++)
            {
                var file = Path.Combine(folder, split, rows[i]["score"], i.ToString("D5", CultureInfo.InvariantCulture) + ".txt");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, rows[i]["review"], new UTF8Encoding(false));
            }
        }
        AtomicFile.WriteAllBytes(Path.Combine(folder, "complete"), []);
        return folder;
    }

    private static string Escape(string path) =>
        Path.GetFullPath(path).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
}
