using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// Everything one parsed Binance message carried, filled in a single pass whatever the key order and published
/// only once the whole message has been read (so a malformed message publishes nothing). Level arrays go to the
/// protocol's scratch arrays; their counts are here.
/// </summary>
internal struct BinanceMessage
{
    public BinanceFields Present;
    public BinanceEventType Type;

    /// <summary>Index into the protocol's instruments, -1 while unknown.</summary>
    public int Symbol;

    /// <summary>A stream name was present but named a symbol we do not know.</summary>
    public bool StreamSymbolUnknown;

    /// <summary>A decimal field was met before the symbol (and thus its scale) was known: parse again.</summary>
    public bool NeedsSymbol;

    public bool BuyerIsMaker;
    public long EventTime;
    public long TradeTime;
    public long TradeId;
    public long AggregateId;
    public long FirstUpdateId;
    public long FinalUpdateId;
    public long LastUpdateId;
    public long Price;
    public long Quantity;
    public long BidPrice;
    public long BidQuantity;
    public long AskPrice;
    public long AskQuantity;
    public int BidCount;
    public int AskCount;
    public long ControlId;
    public long ErrorCode;
    public long MessageTextStart;
    public long MessageTextLength;

    /// <summary>Byte range of the top-level object.</summary>
    public long ObjectStart;
    public long ObjectEnd;

    /// <summary>Byte range of the wrapper's <c>data</c> object.</summary>
    public long DataStart;
    public long DataEnd;

    public bool HasError;
    public ParseErrorReason Error;
    public string? ErrorDetail;
    public long ErrorOffset;

    public readonly bool Has(BinanceFields fields) => (Present & fields) == fields;

    public readonly bool HasAny(BinanceFields fields) => (Present & fields) != 0;

    /// <summary>Keeps the first error only: later ones are usually its consequences.</summary>
    public void Fail(ParseErrorReason reason, string detail, long offset)
    {
        if (!HasError)
        {
            HasError = true;
            Error = reason;
            ErrorDetail = detail;
            ErrorOffset = offset;
        }
    }

    /// <summary>Forgets the payload fields before a second pass, keeping the resolved symbol and the byte ranges.</summary>
    public void ResetPayload()
    {
        int symbol = Symbol;
        bool streamUnknown = StreamSymbolUnknown;
        BinanceFields wrapper = Present & (BinanceFields.Stream | BinanceFields.Data);
        long objectStart = ObjectStart;
        long objectEnd = ObjectEnd;
        long dataStart = DataStart;
        long dataEnd = DataEnd;
        this = default;
        Symbol = symbol;
        StreamSymbolUnknown = streamUnknown;
        Present = wrapper;
        ObjectStart = objectStart;
        ObjectEnd = objectEnd;
        DataStart = dataStart;
        DataEnd = dataEnd;
    }
}
