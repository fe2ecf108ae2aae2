using System.Globalization;
using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Host.Masters;

/// <summary>
/// Checks a subscribed instrument name against a newer master: the contract expired, the name vanished, or the broker
/// moved the name to another token (brokers re-assign F&amp;O tokens after expiry, Brokers/README.md §8).
/// </summary>
public static class MasterRecheck
{
    /// <summary>A sentence describing what changed for <paramref name="name"/>, or null when the subscription still matches.</summary>
    public static string? Check(string feed, string name, long subscribedToken, InstrumentMaster master, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(master);
        MasterInstrument? found = master.Find(name);
        if (found is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"feed {feed}: '{name}' (token {subscribedToken}) is no longer in the {master.Broker} master of {master.ValidOn:yyyy-MM-dd}; the feed still subscribes the old token");
        }

        if (found.IsExpiredOn(day))
        {
            return string.Create(CultureInfo.InvariantCulture, $"feed {feed}: '{name}' (token {subscribedToken}) expired on {found.Expiry:yyyy-MM-dd}; subscribe to a current contract");
        }

        if (subscribedToken != 0 && found.FeedToken != subscribedToken)
        {
            return string.Create(CultureInfo.InvariantCulture, $"feed {feed}: '{name}' is token {found.FeedToken} in the {master.Broker} master of {master.ValidOn:yyyy-MM-dd}, but the feed subscribes {subscribedToken}; restart or resubscribe to follow it");
        }

        return null;
    }
}
