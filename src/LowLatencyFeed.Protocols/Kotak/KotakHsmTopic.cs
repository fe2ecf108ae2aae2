namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// One cached topic of a connection: what it streams, for which instrument, which fields have arrived so far (bit i =
/// field id i) and the price scale of its current multiplier and precision. Its merged values live in
/// <see cref="KotakHsmConnectionState"/>.
/// </summary>
internal struct KotakHsmTopic
{
    /// <summary>The server's id of the topic, from its SNAP.</summary>
    public int TopicId;

    /// <summary>Scrip, index or depth; None for a free slot.</summary>
    public KotakHsmTopicKind Kind;

    /// <summary>Decimal places of the published price mantissas.</summary>
    public byte PriceDecimals;

    /// <summary>The instrument the events are for.</summary>
    public KotakHsmInstrument Instrument;

    /// <summary>Fields that carried a value since the SNAP (bit i = field id i).</summary>
    public ulong Known;

    /// <summary>The multiplier the scale was built for.</summary>
    public int Multiplier;

    /// <summary>The precision the scale was built for.</summary>
    public int Precision;

    /// <summary>Raw value → mantissa at <see cref="PriceDecimals"/>: raw × 10^decimals ÷ (multiplier × 10^precision).</summary>
    public KotakPriceScale Scale;
}
