using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// Counts malformed input per <see cref="ParseErrorReason"/> and logs the first occurrence of each reason with its
/// offset and a hex excerpt, so a broken feed is diagnosable without flooding the log. Errors are a cold path:
/// the reporting methods may allocate; the counters are read by metrics from another thread.
/// </summary>
public sealed class FeedDiagnostics
{
    /// <summary>Bytes of context shown around the failing offset.</summary>
    public const int ExcerptBytes = 32;

    private static readonly int s_reasonCount = Enum.GetValues<ParseErrorReason>().Length;

    private readonly long[] _errors = new long[s_reasonCount];
    private readonly int[] _logged = new int[s_reasonCount];
    private readonly ILogger _logger;
    private long _messages;
    private long _events;

    /// <summary>Creates diagnostics for one feed connection.</summary>
    public FeedDiagnostics(string source, ILogger? logger = null)
    {
        Source = source;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Names the connection in log lines, e.g. "kite#0".</summary>
    public string Source { get; }

    /// <summary>Messages decoded (well-formed or not).</summary>
    public long Messages => Volatile.Read(ref _messages);

    /// <summary>Events published.</summary>
    public long Events => Volatile.Read(ref _events);

    /// <summary>Total errors across reasons.</summary>
    public long TotalErrors
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _errors.Length; i++)
            {
                sum += Volatile.Read(ref _errors[i]);
            }

            return sum;
        }
    }

    /// <summary>Errors counted for one reason.</summary>
    public long ErrorCount(ParseErrorReason reason) => Volatile.Read(ref _errors[(int)reason]);

    /// <summary>The most recent description logged per reason (null when none), for tests and the status page.</summary>
    public string? LastMessage { get; private set; }

    /// <summary>Counts one decoded message and the events it produced.</summary>
    public void CountMessage(int events)
    {
        Volatile.Write(ref _messages, _messages + 1);
        Volatile.Write(ref _events, _events + events);
    }

    /// <summary>True while no error of <paramref name="reason"/> has been logged: its next report will be described.</summary>
    public bool WillDescribe(ParseErrorReason reason) => Volatile.Read(ref _logged[(int)reason]) == 0;

    /// <summary>
    /// Counts a malformed part of a message; the interpolated <paramref name="detail"/> is formatted only when this
    /// is the first error of its reason, so repeated errors do not allocate.
    /// </summary>
    public void Report(
        ParseErrorReason reason,
        [InterpolatedStringHandlerArgument("", "reason")] ref DiagnosticDetailHandler detail,
        ReadOnlySpan<byte> message,
        int offset)
    {
        if (detail.Enabled)
        {
            Report(reason, detail.ToStringAndClear(), message, offset);
        }
        else
        {
            Interlocked.Increment(ref _errors[(int)reason]);
        }
    }

    /// <summary>As the span overload with a lazily formatted detail, for a multi-segment message.</summary>
    public void Report(
        ParseErrorReason reason,
        [InterpolatedStringHandlerArgument("", "reason")] ref DiagnosticDetailHandler detail,
        in ReadOnlySequence<byte> message,
        long offset)
    {
        if (detail.Enabled)
        {
            Report(reason, detail.ToStringAndClear(), message, offset);
        }
        else
        {
            Interlocked.Increment(ref _errors[(int)reason]);
        }
    }

    /// <summary>Counts a malformed part of a message at <paramref name="offset"/> within <paramref name="message"/>.</summary>
    public void Report(ParseErrorReason reason, string detail, ReadOnlySpan<byte> message, int offset)
    {
        Interlocked.Increment(ref _errors[(int)reason]);
        if (Interlocked.Exchange(ref _logged[(int)reason], 1) == 0)
        {
            Describe(reason, detail, message, offset);
        }
    }

    /// <summary>As <see cref="Report(ParseErrorReason, string, ReadOnlySpan{byte}, int)"/> for a multi-segment message.</summary>
    public void Report(ParseErrorReason reason, string detail, in ReadOnlySequence<byte> message, long offset)
    {
        Interlocked.Increment(ref _errors[(int)reason]);
        if (Interlocked.Exchange(ref _logged[(int)reason], 1) == 0)
        {
            long start = Math.Max(0, offset - (ExcerptBytes / 2));
            long length = Math.Min(ExcerptBytes, message.Length - start);
            byte[] excerpt = length > 0 ? message.Slice(start, length).ToArray() : [];
            Describe(reason, detail, excerpt, (int)(offset - start), offset);
        }
    }

    private void Describe(ParseErrorReason reason, string detail, ReadOnlySpan<byte> message, int offset)
    {
        int start = Math.Max(0, Math.Min(offset, message.Length) - (ExcerptBytes / 2));
        int length = Math.Min(ExcerptBytes, message.Length - start);
        Describe(reason, detail, message.Slice(start, length), offset - start, offset);
    }

    private void Describe(ParseErrorReason reason, string detail, ReadOnlySpan<byte> excerpt, int offsetInExcerpt, long offset)
    {
        string text = $"{Source}: {reason} at offset {offset}: {detail}; bytes [{Convert.ToHexString(excerpt)}] (error at excerpt byte {offsetInExcerpt}); further {reason} errors are counted, not logged";
        LastMessage = text;
        _logger.LogWarning("{Message}", text);
    }
}
