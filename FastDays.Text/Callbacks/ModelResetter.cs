using FastDays.Learning;

namespace FastDays.Text.Callbacks;

/// <summary>fastai's ModelResetter: clears a stateful model's state before training, before validating and after the fit, so each pass reads its
/// text from a clean state.</summary>
public sealed class ModelResetter : Callback
{
    /// <inheritdoc />
    public override void BeforeTrain() => Reset();

    /// <inheritdoc />
    public override void BeforeValidate() => Reset();

    /// <inheritdoc />
    public override void AfterFit() => Reset();

    private void Reset()
    {
        if (Learn.Model is IResettable model) model.Reset();
    }
}
