namespace LowLatencyFeed.Simulator;

/// <summary>A fault the simulator injected into a connection (see <see cref="SimulatorConnection.FaultsInjected"/>).</summary>
public enum SimulatorFault
{
    /// <summary>An extra message of random bytes the decoder must reject (<see cref="SimulatorOptions.GarbageEveryMessages"/>).</summary>
    Garbage = 0,

    /// <summary>An extra, cut-short copy of a data message (<see cref="SimulatorOptions.TruncateEveryMessages"/>).</summary>
    Truncation,

    /// <summary>A message sent in two or more WebSocket fragments (<see cref="SimulatorOptions.FragmentBytes"/>).</summary>
    FragmentedMessage,

    /// <summary>The connection was aborted (<see cref="SimulatorOptions.DropConnectionEveryMessages"/>); at most 1.</summary>
    Drop,

    /// <summary>The connection went silent (<see cref="SimulatorOptions.SilentAfterMessages"/>); at most 1.</summary>
    Silence,
}
