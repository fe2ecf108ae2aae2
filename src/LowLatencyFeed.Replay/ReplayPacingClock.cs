namespace LowLatencyFeed.Replay;

/// <summary>Which journaled timestamp paces a replay at 1x/Nx.</summary>
public enum ReplayPacingClock
{
    /// <summary>Receive time (the default): monotonic, and the pace the engine actually saw live.</summary>
    ReceiveTime = 0,

    /// <summary>Exchange time (receive time where an event has none). Never waits for a timestamp that went backwards.</summary>
    ExchangeTime = 1,
}
