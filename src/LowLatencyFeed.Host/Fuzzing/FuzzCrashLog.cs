using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Fuzzing;

/// <summary>
/// The fuzzed session's logger: keeps the first exception it is given (the session logs the first decoder exception it
/// absorbs) so a crash report can show it. Everything else is dropped.
/// </summary>
public sealed class FuzzCrashLog : ILogger
{
    private Exception? _first;

    /// <summary>The first exception logged, or null.</summary>
    public Exception? FirstException => Volatile.Read(ref _first);

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is not null)
        {
            Interlocked.CompareExchange(ref _first, exception, null);
        }
    }
}
