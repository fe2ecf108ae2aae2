using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Storage.Staging;

namespace LowLatencyFeed.Storage.CatchUp;

/// <summary>The catch-up sources of the market streams.</summary>
internal static class MarketCatchUp
{
    public static MarketCatchUpSource<TickRow> Ticks(JournalSource journal, StorageStream stream) => new MarketCatchUpSource<TickRow>(
        journal,
        c => c.Current.Header.Kind == EventKind.Tick && RowExtraction.TickStream(in c.Current) == stream ? 1 : 0,
        (c, room) =>
        {
            RowExtraction.Tick(in c.Current, ref room[0]);
            return 1;
        });

    public static MarketCatchUpSource<QuoteRow> Quotes(JournalSource journal) => new MarketCatchUpSource<QuoteRow>(
        journal,
        c => c.Current.Header.Kind == EventKind.Quote ? 1 : 0,
        (c, room) =>
        {
            RowExtraction.Quote(in c.Current, ref room[0]);
            return 1;
        });

    public static MarketCatchUpSource<DepthRow> Depth(JournalSource journal) => new MarketCatchUpSource<DepthRow>(
        journal,
        c => c.Current.Header.Kind == EventKind.Depth ? c.CurrentBids.Length + c.CurrentAsks.Length : 0,
        (c, room) => RowExtraction.Depth(in c.Current, c.CurrentBids, c.CurrentAsks, room));
}
