using System.Net;
using System.Text.Json;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Subscriptions;
using LowLatencyFeed.Journal.Tools;
using LowLatencyFeed.Protocols.Common;
using LowLatencyFeed.Simulator;
using LowLatencyFeed.TestSupport.Postgres;
using Npgsql;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>Runtime subscription changes survive a restart: kept in PostgreSQL, or in the data directory when journal-only.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ApiSubscriptionRestartTests : IDisposable
{
    private readonly PostgresClusterFixture _postgres;
    private readonly string _directory = Directory.CreateTempSubdirectory("llfeed-subs-restart-").FullName;

    public ApiSubscriptionRestartTests(PostgresClusterFixture postgres) => _postgres = postgres;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Changes_made_at_runtime_are_subscribed_again_after_a_restart(bool database)
    {
        const string protocol = "kite";
        string? connectionString = database ? _postgres.CreateDatabase("subs") : null;
        await using SimulatorServer simulator = await ApiSubscriptionTests.StartSimulatorAsync();
        SimulatedInstrument[] instruments = SubscriptionTestHost.Tradable(simulator, protocol);
        SimulatedInstrument[] configured = [instruments[0], instruments[1], instruments[2]];

        await using (var first = await SubscriptionTestHost.StartAsync(simulator, protocol, configured, _directory, connectionString))
        {
            await ApiSubscriptionTests.WaitForMarketEventsAsync(first, instruments[0], 1);
            Assert.Equal(HttpStatusCode.OK, (await first.SubscribeAsync(SubscriptionMode.Ltp, instruments: instruments[3])).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.SubscribeAsync(SubscriptionMode.Full, instruments: instruments[1])).StatusCode);
            using HttpResponseMessage removed = await first.UnsubscribeAsync(instruments: instruments[0]);
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
            using JsonDocument body = JsonDocument.Parse(await removed.Content.ReadAsStringAsync());
            Assert.Equal(database ? "llfeed.feed_subscriptions" : Path.Combine(_directory, FileSubscriptionStore.FileName), body.RootElement.GetProperty("persistedTo").GetString());
            await ApiSubscriptionTests.WaitForMarketEventsAsync(first, instruments[3], 1);
        }

        if (database)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT token, mode, subscribed FROM llfeed.feed_subscriptions WHERE feed = 'kite' ORDER BY token", connection);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
            var rows = new List<(long, string, bool)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2)));
            }

            Assert.Equal(
                new[] { (instruments[0].Token, "Quote", false), (instruments[1].Token, "Full", true), (instruments[3].Token, "Ltp", true) }.OrderBy(r => r.Item1),
                rows);
        }
        else
        {
            Assert.False(File.Exists(Path.Combine(_directory, FileSubscriptionStore.FileName + ".tmp")));
        }

        // The same configuration again: the kept changes apply over it.
        int connectionsBefore = simulator.Connections.Count;
        await using var second = await SubscriptionTestHost.StartAsync(simulator, protocol, configured, _directory, connectionString);
        using JsonDocument list = JsonDocument.Parse(await second.Http.GetStringAsync($"api/feeds/{protocol}/subscriptions"));
        Assert.Equal(
            [(ApiSubscriptionTests.Id(instruments[1]), "Full"), (ApiSubscriptionTests.Id(instruments[2]), "Quote"), (ApiSubscriptionTests.Id(instruments[3]), "Ltp")],
            list.RootElement.EnumerateArray().Select(e => (e.GetProperty("instrument").GetString(), e.GetProperty("mode").GetString())));
        await ApiSubscriptionTests.WaitAsync(() => simulator.Connections.Count > connectionsBefore && simulator.Connections[^1].Subscriptions.Count == 3, "the new connection subscribes the kept list");
        SimulatorConnection live = simulator.Connections[^1];
        Assert.False(live.Subscriptions.TryGetMode(instruments[0].Token, out _));
        Assert.True(live.Subscriptions.TryGetMode(instruments[3].Token, out SubscriptionMode mode) && mode == SubscriptionMode.Ltp);

        // The journal export shows when each change happened.
        string csv = Path.Combine(_directory, "export.csv");
        Assert.Equal(0, JournalTools.Export(Path.Combine(_directory, "journal"), csv));
        string text = await File.ReadAllTextAsync(csv);
        Assert.Contains(nameof(ControlCode.InstrumentSubscribed), text, StringComparison.Ordinal);
        Assert.Contains(nameof(ControlCode.InstrumentModeChanged), text, StringComparison.Ordinal);
        Assert.Contains(nameof(ControlCode.InstrumentUnsubscribed), text, StringComparison.Ordinal);
    }
}
