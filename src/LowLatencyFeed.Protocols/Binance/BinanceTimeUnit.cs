namespace LowLatencyFeed.Protocols.Binance;

/// <summary>Unit of every time field on a connection (the URL's <c>timeUnit</c> parameter).</summary>
public enum BinanceTimeUnit : byte
{
    /// <summary>Milliseconds, the default.</summary>
    Millisecond = 0,

    /// <summary>Microseconds (<c>timeUnit=MICROSECOND</c>).</summary>
    Microsecond = 1,
}
