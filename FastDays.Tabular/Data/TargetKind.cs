namespace FastDays.Tabular.Data;

/// <summary>What the target column holds: inferred from it (Auto), classes, or numbers to regress.</summary>
public enum TargetKind
{
    /// <summary>Regression when the target's values are numbers that are not all whole, classification otherwise (fastai's rule for CSV columns).</summary>
    Auto,

    /// <summary>Classes, whatever their spelling (a CategoryBlock).</summary>
    Classification,

    /// <summary>Numbers (a RegressionBlock).</summary>
    Regression,
}
