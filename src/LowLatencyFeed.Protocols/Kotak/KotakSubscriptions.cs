using System.Globalization;
using LowLatencyFeed.Protocols.Common;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>How a <see cref="Subscription"/> names a Kotak scrip (<c>nse_cm|11536</c>) or index (<c>nse_cm|Nifty 50</c>). Cold path.</summary>
public static class KotakSubscriptions
{
    /// <summary>The <c>segment|token</c> string: <see cref="Subscription.Symbol"/>, or <see cref="Subscription.Segment"/> and the token.</summary>
    public static string Scrip(Subscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (!string.IsNullOrEmpty(subscription.Symbol))
        {
            if (subscription.Symbol.IndexOf('|', StringComparison.Ordinal) <= 0)
            {
                throw new ArgumentException($"Kotak symbol '{subscription.Symbol}' of {subscription.Instrument} is not '<segment>|<token or index name>'.", nameof(subscription));
            }

            return subscription.Symbol;
        }

        if (string.IsNullOrEmpty(subscription.Segment))
        {
            throw new ArgumentException($"{subscription.Instrument} needs a Kotak symbol such as 'nse_cm|11536' or a segment such as 'nse_cm'.", nameof(subscription));
        }

        return subscription.Segment + "|" + subscription.Instrument.Token.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Splits a scrip string into its segment and its token or index name.</summary>
    public static (string Segment, string Token) Split(string scrip)
    {
        ArgumentNullException.ThrowIfNull(scrip);
        int bar = scrip.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || bar == scrip.Length - 1)
        {
            throw new ArgumentException($"'{scrip}' is not '<segment>|<token or index name>'.", nameof(scrip));
        }

        return (scrip[..bar], scrip[(bar + 1)..]);
    }

    /// <summary>True when the scrip names an index (its token part is not a number), e.g. <c>nse_cm|Nifty 50</c>.</summary>
    public static bool IsIndex(string scrip) => !uint.TryParse(Split(scrip).Token, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
