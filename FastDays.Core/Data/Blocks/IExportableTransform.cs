namespace FastDays.Data;

/// <summary>A transform an export can record and DataSpecs rebuild, so that predicting from a file runs the validation pipeline of training.</summary>
public interface IExportableTransform
{
    /// <summary>The transform's registered name and settings.</summary>
    TransformSpec Spec();
}
