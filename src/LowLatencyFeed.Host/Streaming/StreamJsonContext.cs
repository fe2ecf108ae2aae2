using System.Text.Json.Serialization;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>Source-generated JSON for the stream's control messages.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class StreamJsonContext : JsonSerializerContext;
