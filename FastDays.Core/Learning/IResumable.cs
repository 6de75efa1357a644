namespace FastDays.Learning;

/// <summary>A callback with state that training depends on (such as a loss scale), saved in checkpoints and restored by Resume.</summary>
public interface IResumable
{
    /// <summary>The state as named numbers.</summary>
    IReadOnlyDictionary<string, double> SaveState();

    /// <summary>Restores a state made by SaveState.</summary>
    void LoadState(IReadOnlyDictionary<string, double> state);
}
