using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Bus.Format;

/// <summary>Subjects, stream names and message ids: <c>llfeed.&lt;host&gt;.&lt;feed&gt;.&lt;kind&gt;</c> in stream <c>LLFEED_&lt;HOST&gt;</c>.</summary>
public static class BusSubjects
{
    /// <summary>Partitions: 8 feed values × 8 kinds.</summary>
    public const int PartitionKeys = 64;

    /// <summary>The partition (subject) of an event: feed × kind.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PartitionKey(ref readonly MarketEvent e) => (((int)e.Header.Feed & 7) << 3) | (int)KindOf(in e);

    /// <summary>The subject kind of an event.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BusEventKind KindOf(ref readonly MarketEvent e) => e.Header.Kind switch
    {
        EventKind.Tick => (e.Tick.Fields & TickFields.IsTrade) != 0 ? BusEventKind.Trade : BusEventKind.Tick,
        EventKind.Quote => BusEventKind.Quote,
        EventKind.Depth => BusEventKind.Depth,
        EventKind.Control => BusEventKind.Control,
        EventKind.Clock => BusEventKind.Clock,
        _ => BusEventKind.Other,
    };

    /// <summary>Lower-case subject token of a feed (<c>engine</c> for events of no feed: clock, engine markers).</summary>
    public static string FeedToken(FeedKind feed) => feed switch
    {
        FeedKind.None => "engine",
        FeedKind.Kite => "kite",
        FeedKind.Dhan => "dhan",
        FeedKind.Binance => "binance",
        FeedKind.Kotak => "kotak",
        _ => "feed" + ((int)feed).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Lower-case subject token of a kind.</summary>
    public static string KindToken(BusEventKind kind) => kind switch
    {
        BusEventKind.Tick => "tick",
        BusEventKind.Trade => "trade",
        BusEventKind.Quote => "quote",
        BusEventKind.Depth => "depth",
        BusEventKind.Control => "control",
        BusEventKind.Clock => "clock",
        _ => "other",
    };

    /// <summary>The subject of partition <paramref name="key"/> for <paramref name="host"/>.</summary>
    public static string Subject(string host, int key) =>
        $"llfeed.{host}.{FeedToken((FeedKind)(key >> 3))}.{KindToken((BusEventKind)(key & 7))}";

    /// <summary>Every subject of a host: <c>llfeed.&lt;host&gt;.&gt;</c>.</summary>
    public static string HostWildcard(string host) => $"llfeed.{host}.>";

    /// <summary>The default stream of a host.</summary>
    public static string StreamOf(string host) => "LLFEED_" + host.ToUpperInvariant();

    /// <summary>The <c>Nats-Msg-Id</c> of the message whose first event is <paramref name="firstSequence"/>: unique per host, equal on a resend.</summary>
    public static string MessageId(string host, long firstSequence) =>
        host + ":" + firstSequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="host"/> is usable as a subject token and inside a stream name: 1–64 of [A-Za-z0-9_-].</summary>
    public static bool IsValidHost(string? host)
    {
        if (string.IsNullOrEmpty(host) || host.Length > 64)
        {
            return false;
        }

        foreach (char c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The machine name reduced to a valid host token (lower case; other characters become '-').</summary>
    public static string DefaultHost()
    {
        var chars = Environment.MachineName.ToLowerInvariant().ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] == '_' || chars[i] == '-'))
            {
                chars[i] = '-';
            }
        }

        string host = new string(chars);
        return IsValidHost(host) ? host : "host";
    }

    /// <summary>A 56-bit id of a source stream, stored in the instrument field of the consumer's bus control events (feed part 0).</summary>
    public static long SourceId(string stream)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in stream)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)(hash & ((1UL << 56) - 1));
    }
}
