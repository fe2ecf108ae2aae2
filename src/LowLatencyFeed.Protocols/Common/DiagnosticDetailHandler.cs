using System.Runtime.CompilerServices;

namespace LowLatencyFeed.Protocols.Common;

/// <summary>
/// Builds the detail text of a parse error only when <see cref="FeedDiagnostics"/> will log it (the first error of
/// its reason), so a parser can write <c>Report(reason, $"packet {i} ...", ...)</c> and a flood of malformed input
/// costs a counter increment, not a string per packet.
/// </summary>
[InterpolatedStringHandler]
public ref struct DiagnosticDetailHandler
{
    private DefaultInterpolatedStringHandler _builder;
    private readonly bool _enabled;

    /// <summary>Called by the compiler; formats nothing when the reason has already been logged.</summary>
    public DiagnosticDetailHandler(int literalLength, int formattedCount, FeedDiagnostics diagnostics, ParseErrorReason reason, out bool shouldAppend)
    {
        _enabled = diagnostics.WillDescribe(reason);
        shouldAppend = _enabled;
        _builder = _enabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    /// <summary>True when the text is being built.</summary>
    public readonly bool Enabled => _enabled;

    /// <summary>Appends literal text.</summary>
    public void AppendLiteral(string value) => _builder.AppendLiteral(value);

    /// <summary>Appends a value without boxing.</summary>
    public void AppendFormatted<T>(T value) => _builder.AppendFormatted(value);

    /// <summary>Appends a value with a format string.</summary>
    public void AppendFormatted<T>(T value, string? format) => _builder.AppendFormatted(value, format);

    /// <summary>Appends characters.</summary>
    public void AppendFormatted(scoped ReadOnlySpan<char> value) => _builder.AppendFormatted(value);

    /// <summary>Appends a string.</summary>
    public void AppendFormatted(string? value) => _builder.AppendFormatted(value);

    /// <summary>The built text (empty when disabled); the handler cannot be used afterwards.</summary>
    public string ToStringAndClear() => _enabled ? _builder.ToStringAndClear() : string.Empty;
}
