namespace LowLatencyFeed.Simulator.Rest;

/// <summary>One simulated historical candle: prices at the instrument's price decimals, volume at its quantity decimals.</summary>
/// <param name="StartSeconds">Start, Unix seconds.</param>
/// <param name="Open">Open mantissa.</param>
/// <param name="High">High mantissa.</param>
/// <param name="Low">Low mantissa.</param>
/// <param name="Close">Close mantissa.</param>
/// <param name="Volume">Volume mantissa.</param>
/// <param name="Turnover">Σ price × quantity mantissa (price + quantity decimals).</param>
/// <param name="Trades">Trade count.</param>
public readonly record struct SimulatedCandle(long StartSeconds, long Open, long High, long Low, long Close, long Volume, long Turnover, int Trades);
