using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Protocols.Decoding;

/// <summary>Keeps the lines a <see cref="Common.FeedDiagnostics"/> logs, so the decoder can print each error's details.</summary>
internal sealed class DiagnosticsRecorder : ILogger
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Add(formatter(state, exception));
}
