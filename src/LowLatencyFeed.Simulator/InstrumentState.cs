namespace LowLatencyFeed.Simulator;

/// <summary>The running day state of one instrument inside <see cref="MarketGenerator"/>.</summary>
internal struct InstrumentState
{
    public long LastPrice;
    public long Open;
    public long High;
    public long Low;
    public long Close;
    public long Volume;
    public Int128 Turnover;
    public long TotalBuy;
    public long TotalSell;
    public long OpenInterest;
}
