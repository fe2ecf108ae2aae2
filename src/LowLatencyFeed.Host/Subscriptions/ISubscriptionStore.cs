namespace LowLatencyFeed.Host.Subscriptions;

/// <summary>Where runtime subscription changes are kept: the database, or a file in the data directory when journal-only.</summary>
public interface ISubscriptionStore
{
    /// <summary>Every kept change.</summary>
    Task<IReadOnlyList<PersistedSubscription>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="changes"/>, replacing earlier rows of the same feed and token.</summary>
    Task SaveAsync(IReadOnlyList<PersistedSubscription> changes, CancellationToken cancellationToken);

    /// <summary>Where the changes live, for logs and the API.</summary>
    string Description { get; }
}
