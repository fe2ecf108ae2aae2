using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Host.Tests;

/// <summary>Test classes that need PostgreSQL join this collection and share one throwaway cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "postgres";
}
