namespace LowLatencyFeed.Protocols.Common;

/// <summary>The WebSocket message type a payload arrived in; brokers mix binary data with JSON control text.</summary>
public enum MessageKind : byte
{
    /// <summary>A binary WebSocket message.</summary>
    Binary = 0,

    /// <summary>A UTF-8 text WebSocket message.</summary>
    Text = 1,
}
