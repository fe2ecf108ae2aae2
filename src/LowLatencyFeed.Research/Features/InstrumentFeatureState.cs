namespace LowLatencyFeed.Research.Features;

/// <summary>
/// One instrument's feature state, sized when the instrument is first seen: nothing is allocated per bar after that.
/// </summary>
internal sealed class InstrumentFeatureState
{
    public InstrumentFeatureState(FeatureOptions options, SessionDay calendar)
    {
        int longest = options.WarmUpBars;
        LogCloses = new double[longest + 1];
        BuyVolumes = new long[options.FlowWindow];
        SellVolumes = new long[options.FlowWindow];
        int slots = (int)(SessionDay.DayNs / options.TimeframeNs);
        ProfileSums = new double[slots];
        ProfileCounts = new int[slots];
        Imbalances = new double[options.ImbalanceDepths.Count];
        Imbalances.AsSpan().Fill(double.NaN);
        Calendar = calendar;
    }

    public SessionDay Calendar { get; }

    /// <summary>ln(close) of the last bars, a ring indexed by <see cref="Bars"/> modulo its length.</summary>
    public double[] LogCloses { get; }

    /// <summary>Closed bars seen.</summary>
    public long Bars { get; set; }

    /// <summary>Buy and sell volume (mantissas) per bar, rings over the flow window; slot Bars % window is the open bar.</summary>
    public long[] BuyVolumes { get; }

    public long[] SellVolumes { get; }

    /// <summary>Per time-of-session slot: Σ volume and count of earlier sessions' bars (the session volume profile).</summary>
    public double[] ProfileSums { get; }

    public int[] ProfileCounts { get; }

    /// <summary>Latest book sample: imbalance per window, spread and mid in price units, microprice.</summary>
    public double[] Imbalances { get; }

    public double SpreadPrice { get; set; } = double.NaN;

    public double MidPrice { get; set; } = double.NaN;

    public double Microprice { get; set; } = double.NaN;

    /// <summary>Σ and count of the first window's imbalance over the samples of the open bar.</summary>
    public double FirstImbalanceSum { get; set; }

    public int FirstImbalanceSamples { get; set; }

    /// <summary>Trade-flow state: last trade price (tick rule), its sign, the cumulative volume baseline.</summary>
    public long LastTradePrice { get; set; }

    public int LastSign { get; set; }

    public long VolumeBaseline { get; set; } = -1;

    /// <summary>OBV at the previous bar (NaN before the first).</summary>
    public double PreviousObv { get; set; } = double.NaN;
}
