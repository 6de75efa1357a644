using FastDays.Callbacks;

namespace FastDays.Learning;

/// <summary>fastai's removed_cbs and no_bar: callbacks taken out of a learner for a while (using var noBar = learn.NoBar();).</summary>
public static class RemovedCbsExtensions
{
    /// <summary>Takes those of cbs that the learner has out of it; disposing the result puts them back.</summary>
    public static IDisposable RemovedCbs(this Learner learn, IEnumerable<Callback> cbs)
    {
        var removed = cbs.Where(learn.Cbs.Contains).ToList();
        learn.RemoveCbs(removed);
        return new PutBack(learn, removed);
    }

    /// <summary>Takes the progress display out (no epoch table, no bar); disposing the result puts it back.</summary>
    public static IDisposable NoBar(this Learner learn) => learn.RemovedCbs([.. learn.Cbs.OfType<ProgressCallback>()]);

    private sealed class PutBack(Learner learn, List<Callback> removed) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            learn.AddCbs(removed.Where(cb => !learn.Cbs.Contains(cb)));
        }
    }
}
