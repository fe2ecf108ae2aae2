using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Journal.Reading;

namespace LowLatencyFeed.Bus.Tests.Support;

/// <summary>A journal read whole: sequence and text of every event.</summary>
internal static class JournalContents
{
    public static List<(long Sequence, string Text)> Read(string journalDirectory)
    {
        var events = new List<(long, string)>();
        using JournalCursor cursor = JournalReader.Open(journalDirectory).Read();
        while (cursor.MoveNext())
        {
            events.Add((cursor.Current.Header.Sequence, EventText.Of(in cursor.Current, cursor.CurrentBids, cursor.CurrentAsks)));
        }

        Assert.Empty(cursor.Issues);
        return events;
    }

    /// <summary>The market events (ticks, quotes, depth) of a journal, for database comparisons.</summary>
    public static List<MarketRecord> Market(string journalDirectory)
    {
        var events = new List<MarketRecord>();
        using JournalCursor cursor = JournalReader.Open(journalDirectory).Read();
        while (cursor.MoveNext())
        {
            ref readonly MarketEvent e = ref cursor.Current;
            if (e.Header.Kind is EventKind.Tick or EventKind.Quote or EventKind.Depth)
            {
                events.Add(new MarketRecord(e, cursor.CurrentBids.ToArray(), cursor.CurrentAsks.ToArray()));
            }
        }

        return events;
    }
}

/// <summary>A market event with its depth levels.</summary>
internal sealed record MarketRecord(MarketEvent Event, DepthLevel[] Bids, DepthLevel[] Asks);
