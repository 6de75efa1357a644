namespace FastDays.Examples.Cli;

/// <summary>A command's options as the settings its checkpoints keep, so that a resume with other options is refused naming them.</summary>
internal static class ResumeSettingsExtensions
{
    /// <summary>Declares every option of options, but those in except (where files go, the hardware, how the result is evaluated), as the
    /// learner's ResumeSettings.</summary>
    public static Learner KeepOnResume<T>(this Learner learn, T options, params string[] except) where T : class
    {
        foreach (var (option, value) in OptionsBinder.Values(options).Where(o => !except.Contains(o.Option, StringComparer.Ordinal)))
            learn.ResumeSettings[option] = value;
        return learn;
    }
}
