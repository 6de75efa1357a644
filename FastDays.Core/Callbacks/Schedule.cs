namespace FastDays.Callbacks;

/// <summary>A hyper-parameter value as a function of the position in training, from 0 to 1.</summary>
public delegate double Schedule(double pos);
