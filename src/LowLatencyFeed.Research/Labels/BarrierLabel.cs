namespace LowLatencyFeed.Research.Labels;

/// <summary>The class a triple-barrier label assigns (and a model predicts): the values are the signal sides.</summary>
public enum BarrierLabel : sbyte
{
    /// <summary>The lower barrier was hit first.</summary>
    Sell = -1,

    /// <summary>The vertical barrier came first, or both barriers were crossed inside the same bar.</summary>
    Hold = 0,

    /// <summary>The upper barrier was hit first.</summary>
    Buy = 1,
}
