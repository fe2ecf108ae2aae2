namespace LowLatencyFeed.Simulator.Stamping;

/// <summary>What <see cref="SimulatedSendMatcher.Match"/> found for an event.</summary>
public enum SendMatch
{
    /// <summary>Not part of a simulated update (control, clock, Dhan's previous close): no send time.</summary>
    NotAnUpdate,

    /// <summary>The scheduled send time was found.</summary>
    Matched,

    /// <summary>An update's event with no stamp: an instrument the table does not know, or past the table's room.</summary>
    Unmatched,
}
