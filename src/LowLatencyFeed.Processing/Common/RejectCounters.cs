using LowLatencyFeed.Core.Instruments;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Processing.Common;

/// <summary>Per-reason rejection counters; logs the first rejection of each reason (later ones are only counted).</summary>
internal sealed class RejectCounters
{
    private static readonly Action<ILogger, string, RejectReason, InstrumentId, string, Exception?> s_log =
        LoggerMessage.Define<string, RejectReason, InstrumentId, string>(
            LogLevel.Warning,
            new EventId(5001, "ProcessingReject"),
            "{Stage} rejected an event ({Reason}) for {Instrument}: {Detail}. Further rejections of this kind are only counted.");

    private readonly long[] _counts = new long[8];
    private readonly ILogger? _logger;
    private readonly string _stage;
    private long _total;

    public RejectCounters(string stage, ILogger? logger)
    {
        _stage = stage;
        _logger = logger;
    }

    public long Total => Volatile.Read(ref _total);

    public long Get(RejectReason reason) => (uint)reason < (uint)_counts.Length ? Volatile.Read(ref _counts[(int)reason]) : 0;

    public void Count(RejectReason reason, InstrumentId instrument, string detail)
    {
        ref long slot = ref _counts[(int)reason];
        Volatile.Write(ref slot, slot + 1);
        Volatile.Write(ref _total, _total + 1);
        if (slot == 1 && _logger is not null)
        {
            s_log(_logger, _stage, reason, instrument, detail, null);
        }
    }
}
