namespace FastDays.Learning;

/// <summary>A callback failed: names the callback and the event, with where in the fit it happened; the callback's own exception is the inner one.</summary>
public sealed class CallbackException(Callback callback, Event @event, string where, Exception inner)
    : Exception($"{callback.GetType().Name}.{@event} failed{where}: {inner.Message}", inner)
{
    /// <summary>The callback that threw.</summary>
    public Callback Callback { get; } = callback;

    /// <summary>The event it was handling.</summary>
    public Event Event { get; } = @event;
}
