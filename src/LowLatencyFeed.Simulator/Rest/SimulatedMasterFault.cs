namespace LowLatencyFeed.Simulator.Rest;

/// <summary>What the simulator does wrong when serving an instrument master, so every failure path can be tested.</summary>
public enum SimulatedMasterFault
{
    /// <summary>Serve the master correctly.</summary>
    None,

    /// <summary>Serve the file cut off in the middle of a row (a complete HTTP response of a truncated file).</summary>
    Truncated,

    /// <summary>Rename one required column (JSON: the symbols array), as if the broker changed its format.</summary>
    ChangedHeader,

    /// <summary>Answer HTTP 500 with the broker's error body.</summary>
    ServerError,

    /// <summary>Answer HTTP 403 with the broker's "token expired" error body.</summary>
    TokenExpired,
}
