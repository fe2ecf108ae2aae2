namespace LowLatencyFeed.Simulator.Stamping;

/// <summary>
/// Told, on a connection's send loop, of every market update with the time it was scheduled to be sent: the pacing
/// grid <c>start + (n + 1) / rate</c>, not when the loop got round to it, so a measurement from it counts the time a
/// slow reader or a late sender held the message (no coordinated omission). Unpaced (rate 0), the time the batch was
/// generated. Called before the update is encoded; must not block.
/// </summary>
public interface ISimulatedSendObserver
{
    /// <summary>One update of <see cref="SimulatedUpdate.Instrument"/> scheduled at <paramref name="scheduledTimestamp"/> (<see cref="System.Diagnostics.Stopwatch"/> ticks).</summary>
    void OnScheduled(in SimulatedUpdate update, long scheduledTimestamp);
}
