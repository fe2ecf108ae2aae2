using LowLatencyFeed.Bus.Publishing;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Journal.Writing;
using Microsoft.Extensions.Logging;

namespace LowLatencyFeed.Host.Engine;

/// <summary>Builds the engine's bus stage from its settings.</summary>
public static class BusStage
{
    /// <summary>The stage, or null when <c>Bus:Enabled</c> is false.</summary>
    public static BusPublisherService? Create(EngineSettings settings, JournalWriter journal, DepthSlabPool slabs, ILoggerFactory loggerFactory)
    {
        if (!settings.Bus.Enabled)
        {
            return null;
        }

        var options = settings.Bus.ToPublisherOptions(new SecretResolver(settings.SecretsFile));
        return new BusPublisherService(
            options,
            journal.Directory,
            () => journal.LastWrittenSequence,
            () => journal.LastDurableSequence,
            journal.LastSequence + 1,
            slabs,
            loggerFactory);
    }
}
