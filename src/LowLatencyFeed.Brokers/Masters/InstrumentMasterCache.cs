using System.Globalization;
using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.Masters;

/// <summary>
/// The masters kept in the data directory, <c>instruments/&lt;broker&gt;/&lt;YYYY-MM-DD&gt;/</c>, each holding the broker's
/// files exactly as downloaded. A day's folder appears only after its files were downloaded and parsed whole (written
/// under a <c>.partial</c> name, then renamed), so a cut download never replaces a good master. Journal-only hosts
/// and <c>llfeed instruments</c> read from here; the newest few days are kept.
/// </summary>
public sealed class InstrumentMasterCache
{
    private const int DaysKept = 5;
    private readonly string _root;

    /// <summary>Keeps masters under <paramref name="dataDirectory"/>/instruments.</summary>
    public InstrumentMasterCache(string dataDirectory)
    {
        _root = Path.Combine(dataDirectory, "instruments");
    }

    /// <summary>The folder of <paramref name="broker"/>.</summary>
    public string BrokerDirectory(BrokerKind broker) => Path.Combine(_root, broker.ToString().ToLowerInvariant());

    /// <summary>The complete days cached for <paramref name="broker"/>, newest first.</summary>
    public List<DateOnly> Days(BrokerKind broker)
    {
        var days = new List<DateOnly>();
        string directory = BrokerDirectory(broker);
        if (!Directory.Exists(directory))
        {
            return days;
        }

        foreach (string path in Directory.EnumerateDirectories(directory))
        {
            if (DateOnly.TryParseExact(Path.GetFileName(path), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
            {
                days.Add(day);
            }
        }

        days.Sort(static (a, b) => b.CompareTo(a));
        return days;
    }

    /// <summary>The newest cached master of <paramref name="broker"/>, or null.</summary>
    public InstrumentMaster? LoadNewest(BrokerKind broker)
    {
        List<DateOnly> days = Days(broker);
        return days.Count == 0 ? null : Load(broker, days[0]);
    }

    /// <summary>The master cached for <paramref name="day"/>.</summary>
    public InstrumentMaster Load(BrokerKind broker, DateOnly day)
    {
        string directory = DayDirectory(broker, day);
        return new InstrumentMaster(broker, day, MasterFiles.Parse(broker, Files(directory)));
    }

    /// <summary>
    /// Downloads today's master with <paramref name="downloader"/>, parses it, and only then publishes it as the day's
    /// folder. On any failure the newest earlier master stays in use and the status carries the reason.
    /// </summary>
    public async Task<MasterStatus> SyncAsync(BrokerKind broker, DateOnly day, MasterDownloader downloader, CancellationToken cancellationToken)
    {
        string final = DayDirectory(broker, day);
        string partial = final + ".partial";
        try
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            List<string> files = await downloader.DownloadAsync(broker, partial, cancellationToken).ConfigureAwait(false);
            files.Sort(StringComparer.Ordinal); // the order the cache reads them back in
            var master = new InstrumentMaster(broker, day, MasterFiles.Parse(broker, files));
            if (Directory.Exists(final))
            {
                Directory.Delete(final, recursive: true);
            }

            Directory.Move(partial, final);
            Prune(broker);
            return new MasterStatus(broker, master, null);
        }
        catch (Exception exception) when (exception is MasterDownloadException or InstrumentMasterFormatException or IOException or HttpRequestException or TaskCanceledException)
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            InstrumentMaster? previous = null;
            string? previousError = null;
            try
            {
                previous = LoadNewest(broker);
            }
            catch (InstrumentMasterFormatException cached)
            {
                previousError = cached.Message;
            }

            string kept = previous is null
                ? "no earlier master is cached" + (previousError is null ? "" : $" ({previousError})")
                : $"keeping the master of {previous.ValidOn:yyyy-MM-dd}";
            return new MasterStatus(broker, previous, $"{exception.Message}; {kept}", exception is InstrumentMasterFormatException ? MasterFailure.Format : MasterFailure.Download);
        }
    }

    private string DayDirectory(BrokerKind broker, DateOnly day) =>
        Path.Combine(BrokerDirectory(broker), day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static List<string> Files(string directory)
    {
        var files = new List<string>(Directory.EnumerateFiles(directory));
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private void Prune(BrokerKind broker)
    {
        List<DateOnly> days = Days(broker);
        for (int i = DaysKept; i < days.Count; i++)
        {
            Directory.Delete(DayDirectory(broker, days[i]), recursive: true);
        }
    }
}
