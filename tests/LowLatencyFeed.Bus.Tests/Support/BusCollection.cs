using LowLatencyFeed.TestSupport.Postgres;

namespace LowLatencyFeed.Bus.Tests.Support;

/// <summary>One PostgreSQL cluster for the bus tests; each test makes its own databases.</summary>
[CollectionDefinition(Name)]
public sealed class BusCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "bus";
}
