namespace LowLatencyFeed.Protocols.Binance;

/// <summary>
/// The exchange update ids and fragment position of one Binance depth event, as read back by
/// <see cref="BinanceDepthWriter.TryReadUpdateIds"/>.
/// </summary>
/// <param name="FirstUpdateId">First update id of the wire message (<c>U</c>; the snapshot's <c>lastUpdateId</c> for snapshots).</param>
/// <param name="LastUpdateId">Final update id of the wire message (<c>u</c>; the snapshot's <c>lastUpdateId</c> for snapshots).</param>
/// <param name="FragmentIndex">0 for the first event of the wire message, then 1, 2, … (saturates at 32767).</param>
/// <param name="IsFinal">True on the last event of the wire message: the book is consistent at <paramref name="LastUpdateId"/> after applying it.</param>
public readonly record struct BinanceDepthUpdateIds(long FirstUpdateId, long LastUpdateId, int FragmentIndex, bool IsFinal);
