using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Storage.Tests.Support;

/// <summary>Every test class that needs PostgreSQL joins this collection and shares one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "postgres";
}
