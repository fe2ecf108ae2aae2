using LowLatencyFeed.Journal.Writing;

namespace LowLatencyFeed.Host.Engine;

/// <summary>A feed that needs the engine's journal (the bus source acknowledges what the journal holds and resumes from its tail).</summary>
public interface IJournalFollower
{
    /// <summary>Called once by the engine, before it starts.</summary>
    void FollowJournal(JournalWriter journal);
}
