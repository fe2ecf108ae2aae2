using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Processing.Derived;

/// <summary>
/// What every derived event shares: its kind, the instrument and its scales, and the source event that produced it
/// (journal sequence and both clocks) so storage rows and latency measurements trace back to the journal. 40 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct DerivedHeader
{
    /// <summary>Selects the payload.</summary>
    public DerivedEventKind Kind;

    /// <summary>The instrument's feed.</summary>
    public FeedKind Feed;

    /// <summary>Decimal places of every price mantissa in the payload (mid uses one more, see <see cref="BookMetricsValues.Mid"/>).</summary>
    public byte PriceDecimals;

    /// <summary>Decimal places of every quantity mantissa in the payload.</summary>
    public byte QuantityDecimals;

    /// <summary>Qualifiers.</summary>
    public DerivedFlags Flags;

    /// <summary>Feed session of the last source event seen for the instrument.</summary>
    public ushort SessionId;

    /// <summary>The instrument.</summary>
    public InstrumentId Instrument;

    /// <summary>
    /// Journal sequence of the event that caused this one: the trade that rolled the bar, the clock event that closed it,
    /// the depth update behind the sample or signal.
    /// </summary>
    public long SourceSequence;

    /// <summary>Exchange time of the source event (for a clock event, the clock time), Unix ns UTC.</summary>
    public long SourceExchangeTimeNs;

    /// <summary>Receive time of the source event, Unix ns UTC: subtract from the publish time for stage latency.</summary>
    public long SourceReceiveTimeNs;
}
