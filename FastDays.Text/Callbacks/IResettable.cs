namespace FastDays.Text.Callbacks;

/// <summary>A model with state carried from batch to batch (an RNN's hidden state), which ModelResetter clears.</summary>
public interface IResettable
{
    /// <summary>Clears the state (fastai's reset).</summary>
    void Reset();
}
