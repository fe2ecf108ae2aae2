using System.Text.Json;
using System.Text.Json.Serialization;

namespace LowLatencyFeed.Host.Subscriptions;

/// <summary>
/// Runtime subscription changes in <c>DataDirectory/subscriptions.json</c> (journal-only hosts). Each save writes a
/// temporary file, flushes it to disk and renames it over the old one, so a crash leaves the old or the new file, never
/// a torn one. Saves are serialized by the caller (one change at a time per host).
/// </summary>
public sealed class FileSubscriptionStore : ISubscriptionStore
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "subscriptions.json";

    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Keeps the changes under <paramref name="dataDirectory"/>.</summary>
    public FileSubscriptionStore(string dataDirectory) => _path = Path.Combine(dataDirectory, FileName);

    /// <inheritdoc />
    public string Description => _path;

    /// <inheritdoc />
    public async Task<IReadOnlyList<PersistedSubscription>> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        await using FileStream stream = File.OpenRead(_path);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, SubscriptionFileJson.Default.ListPersistedSubscription, cancellationToken).ConfigureAwait(false) ?? [];
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{_path} is not a valid subscriptions file: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public async Task SaveAsync(IReadOnlyList<PersistedSubscription> changes, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var merged = new List<PersistedSubscription>(await LoadAsync(cancellationToken).ConfigureAwait(false));
            foreach (PersistedSubscription change in changes)
            {
                merged.RemoveAll(row => row.Feed == change.Feed && row.Token == change.Token);
                merged.Add(change);
            }

            string temporary = _path + ".tmp";
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, merged, SubscriptionFileJson.Default.ListPersistedSubscription, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>Source-generated JSON of the subscriptions file.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<PersistedSubscription>))]
internal sealed partial class SubscriptionFileJson : JsonSerializerContext;
