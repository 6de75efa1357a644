namespace FastDays.Learning;

/// <summary>fastai's learning-rate suggestion functions, to pass to LrFind as suggestFuncs.</summary>
public enum SuggestionMethod
{
    /// <summary>About two thirds down the longest stretch of falling loss (fastai's default).</summary>
    Valley,

    /// <summary>Walks left from the end until the loss gradient flattens.</summary>
    Slide,

    /// <summary>A tenth of the learning rate at the lowest loss.</summary>
    Minimum,

    /// <summary>Where the loss falls fastest against log(lr).</summary>
    Steep,
}
