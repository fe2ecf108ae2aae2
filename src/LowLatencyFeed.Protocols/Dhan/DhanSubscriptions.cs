using System.Globalization;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Dhan;

/// <summary>How a <see cref="Subscription"/> names a Dhan instrument. Cold path.</summary>
public static class DhanSubscriptions
{
    /// <summary>
    /// The security id: <see cref="Subscription.Symbol"/> when it is all digits (Dhan's own string id), otherwise
    /// the instrument token.
    /// </summary>
    public static uint SecurityId(Subscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (uint.TryParse(subscription.Symbol, NumberStyles.None, CultureInfo.InvariantCulture, out uint fromSymbol))
        {
            return fromSymbol;
        }

        long token = subscription.Instrument.Token;
        if (token is < 0 or > uint.MaxValue)
        {
            throw new ArgumentException($"Dhan security id {token} of {subscription.Instrument} does not fit 32 bits.", nameof(subscription));
        }

        return (uint)token;
    }

    /// <summary>The exchange segment named by <see cref="Subscription.Segment"/> (e.g. <c>NSE_EQ</c>).</summary>
    public static DhanExchangeSegment Segment(Subscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (!DhanSegments.TryParse(subscription.Segment, out DhanExchangeSegment segment))
        {
            throw new ArgumentException($"'{subscription.Segment}' of {subscription.Instrument} is not a Dhan exchange segment (NSE_EQ, NSE_FNO, BSE_EQ, IDX_I, ...).", nameof(subscription));
        }

        return segment;
    }
}
