using FastDays.Collab.Data;
using FastDays.Data;

namespace FastDays.Collab.Learning;

/// <summary>The baselines a recommender must beat, fitted on the training ratings and scored by RMSE on the validation ratings: the global mean, each
/// user's mean, each item's mean, and the global mean plus a user and an item offset (a user or item the training ratings lack gets the global mean,
/// or no offset).</summary>
public static class CollabBaselines
{
    /// <summary>Each baseline's name and validation RMSE, in the order above.</summary>
    public static IReadOnlyList<(string Name, double Rmse)> Evaluate(DataLoaders dls)
    {
        ArgumentNullException.ThrowIfNull(dls);
        _ = dls.CollabBlockOf();
        var (train, valid) = (dls.Train.Ratings(), dls.Valid.Ratings());
        if (train.Count == 0 || valid.Count == 0) throw new InvalidOperationException("the baselines need training and validation ratings");
        var mu = train.Average(r => r.Rating);
        var userMean = Means(train, r => r.User, r => r.Rating);
        var itemMean = Means(train, r => r.Item, r => r.Rating);
        var userOffset = Means(train, r => r.User, r => r.Rating - mu);
        var itemOffset = Means(train, r => r.Item, r => r.Rating - mu - userOffset.GetValueOrDefault(r.User));
        double Rmse(Func<(string User, string Item, double Rating), double> predict) =>
            Math.Sqrt(valid.Average(r => (predict(r) - r.Rating) * (predict(r) - r.Rating)));
        return
        [
            ("global mean", Rmse(_ => mu)),
            ("user mean", Rmse(r => userMean.GetValueOrDefault(r.User, mu))),
            ("item mean", Rmse(r => itemMean.GetValueOrDefault(r.Item, mu))),
            ("global mean + user and item offsets", Rmse(r => mu + userOffset.GetValueOrDefault(r.User) + itemOffset.GetValueOrDefault(r.Item))),
        ];
    }

    private static Dictionary<string, double> Means<T>(IEnumerable<T> rows, Func<T, string> key, Func<T, double> value) =>
        rows.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Average(value), StringComparer.Ordinal);
}
