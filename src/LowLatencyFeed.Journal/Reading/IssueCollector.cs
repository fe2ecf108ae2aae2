namespace LowLatencyFeed.Journal.Reading;

/// <summary>Counts issues, keeps the first ones, and forwards each to an optional callback.</summary>
internal sealed class IssueCollector
{
    private const int MaxKept = 10_000;

    private readonly Action<JournalIssue>? _callback;
    private readonly List<JournalIssue> _issues = new();

    public IssueCollector(Action<JournalIssue>? callback)
    {
        _callback = callback;
    }

    public IReadOnlyList<JournalIssue> Issues => _issues;

    public long Count { get; private set; }

    public void Report(JournalIssueKind kind, string file, long offset, string message)
        => Report(new JournalIssue(kind, file, offset, message));

    public void Report(JournalIssue issue)
    {
        Count++;
        if (_issues.Count < MaxKept)
        {
            _issues.Add(issue);
        }

        _callback?.Invoke(issue);
    }
}
