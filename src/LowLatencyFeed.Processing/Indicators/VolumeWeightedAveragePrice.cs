namespace LowLatencyFeed.Processing.Indicators;

/// <summary>
/// Session-anchored VWAP: Σ turnover / Σ volume of the session day's bars so far (the bars' exact turnover, i.e. every
/// trade's price × quantity, not a typical-price approximation), reset at each session day start. A decimal in price
/// units; no value until the session has volume.
/// </summary>
public sealed class VolumeWeightedAveragePrice : Indicator
{
    private Int128 _turnover;
    private long _volume;
    private long _sessionStartNs = long.MinValue;
    private byte _decimals;

    /// <inheritdoc />
    public override IndicatorKind Kind => IndicatorKind.Vwap;

    /// <inheritdoc />
    public override bool IsReady => _volume > 0;

    /// <summary>The exact VWAP in price units (Σ turnover at price + quantity decimals / (Σ volume × 10^price decimals)).</summary>
    public decimal Value => (decimal)_turnover / (_volume * Pow10.Decimal(_decimals));

    /// <inheritdoc />
    public override void Write(ref IndicatorValues values) => IndicatorOutput.SetExact(ref values, Value);

    /// <inheritdoc />
    protected override void OnBar(in IndicatorBar bar)
    {
        if (bar.SessionStartNs != _sessionStartNs)
        {
            _sessionStartNs = bar.SessionStartNs;
            _turnover = 0;
            _volume = 0;
        }

        _decimals = bar.PriceDecimals;
        _turnover += bar.Turnover;
        _volume += bar.Volume;
    }
}
