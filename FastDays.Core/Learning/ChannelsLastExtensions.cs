using FastDays.Callbacks;
using FastDays.Modules;

namespace FastDays.Learning;

/// <summary>fastai's to_channelslast / to_contiguous on a Learner: the model's memory format and the ChannelsLast callback that keeps it.</summary>
public static class ChannelsLastExtensions
{
    /// <summary>Lays the model out channels-last now and adds the ChannelsLast callback, which does it again before every fit.</summary>
    public static Learner ToChannelsLast(this Learner learn)
    {
        if (learn.Cb<ChannelsLast>() is null) learn.AddCbs([new ChannelsLast()]);
        MemoryFormats.SetMemoryFormat(learn.Model, channelsLast: true);
        return learn;
    }

    /// <summary>Removes the ChannelsLast callback and lays the model out contiguously again, but for the convolutions oneDNN gets wrong in
    /// contiguous memory (MemoryFormats.GuardConvolutions).</summary>
    public static Learner ToContiguous(this Learner learn)
    {
        if (learn.Cb<ChannelsLast>() is { } cb) learn.RemoveCbs([cb]);
        MemoryFormats.SetMemoryFormat(learn.Model, channelsLast: false);
        MemoryFormats.GuardConvolutions(learn.Model);
        return learn;
    }
}
