namespace FastDays.Examples.Collab;

/// <summary>Real ratings Debian packages for R: lme4's InstEval, 73,421 ratings (1 to 5) of 1,128 lecturers by 2,972 students at ETH Zürich, written
/// once as a CSV of student, lecturer and rating.</summary>
internal static class DebianRatings
{
    private const string Packages = "r-base-core r-cran-lme4";

    /// <summary>The CSV file of InstEval's ratings in the cache folder (written on first use).</summary>
    public static string InstEval(string cache)
    {
        Directory.CreateDirectory(cache);
        var csv = Path.Combine(cache, "insteval.csv");
        if (File.Exists(csv)) return csv;
        var tmp = Path.GetFullPath(csv + ".partial").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        DebianR.Run("data(InstEval, package='lme4'); r <- data.frame(student=InstEval$s, lecturer=InstEval$d, rating=as.integer(InstEval$y)); " +
            $"write.csv(r, '{tmp}', row.names=FALSE)", Packages);
        File.Move(csv + ".partial", csv, overwrite: true);
        return csv;
    }
}
