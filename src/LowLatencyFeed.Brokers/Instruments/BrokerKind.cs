namespace LowLatencyFeed.Brokers.Instruments;

/// <summary>The brokers whose accounts and instrument masters the host manages.</summary>
public enum BrokerKind
{
    /// <summary>Zerodha Kite Connect.</summary>
    Kite,

    /// <summary>DhanHQ v2.</summary>
    Dhan,

    /// <summary>Kotak Neo Trade API.</summary>
    Kotak,

    /// <summary>Binance spot.</summary>
    Binance,
}
