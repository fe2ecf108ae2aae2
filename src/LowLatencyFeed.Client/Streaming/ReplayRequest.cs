namespace LowLatencyFeed.Client.Streaming;

/// <summary>A replay of the journal over the stream (<c>{"replay": {...}}</c>).</summary>
/// <param name="From">Earliest event time; null: the journal's start.</param>
/// <param name="To">Exclusive end; null: the journal's end.</param>
/// <param name="Speed"><c>max</c>, <c>1x</c>, <c>10x</c>, …</param>
/// <param name="Instruments">Instruments (<c>Feed:Token</c> or symbols); null: all.</param>
/// <param name="Channels">Channels (as for subscribe); null: all.</param>
/// <param name="Format"><c>json</c> or <c>binary</c> data messages; null: the connection's current form.</param>
public sealed record ReplayRequest(DateTimeOffset? From = null, DateTimeOffset? To = null, string Speed = "max", IReadOnlyList<string>? Instruments = null, IReadOnlyList<string>? Channels = null, string? Format = null);
