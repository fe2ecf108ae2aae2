using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;

namespace LowLatencyFeed.Brokers.Tokens;

/// <summary>
/// The brokers' session tokens in <c>DataDirectory/tokens.json</c>, readable only by the host's user: the file is
/// written with mode 0600 (atomically, through a temporary file and a rename) and refused when its mode lets group or
/// others read it (Brokers/README.md §6). Values never go to logs or the journal. <see cref="Watch"/> reports which
/// broker's token changed when another process (a login) rewrites the file.
/// </summary>
public sealed class TokenStore
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };
    private readonly object _gate = new();

    /// <summary>A store at <paramref name="dataDirectory"/>/tokens.json.</summary>
    public TokenStore(string dataDirectory)
    {
        Path = System.IO.Path.Combine(dataDirectory, "tokens.json");
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Every stored token, by broker; empty when the file does not exist. Throws when the file is too open.</summary>
    public Dictionary<BrokerKind, BrokerToken> ReadAll()
    {
        lock (_gate)
        {
            if (!File.Exists(Path))
            {
                return [];
            }

            CheckMode();
            try
            {
                var tokens = JsonSerializer.Deserialize<List<BrokerToken>>(File.ReadAllBytes(Path), s_json) ?? [];
                var result = new Dictionary<BrokerKind, BrokerToken>();
                foreach (BrokerToken token in tokens)
                {
                    result[token.Broker] = token;
                }

                return result;
            }
            catch (JsonException exception)
            {
                // The parser's message can quote the file's text: say where, not what.
                throw new TokenStoreException($"token store {Path} is not a valid token list (line {exception.LineNumber}); log in again to rewrite it", null);
            }
        }
    }

    /// <summary>The token of <paramref name="broker"/>, or null.</summary>
    public BrokerToken? Read(BrokerKind broker) => ReadAll().TryGetValue(broker, out BrokerToken? token) ? token : null;

    /// <summary>Stores <paramref name="token"/>, replacing the broker's previous one and keeping the others.</summary>
    public void Write(BrokerToken token)
    {
        lock (_gate)
        {
            Dictionary<BrokerKind, BrokerToken> all = ReadAll();
            all[token.Broker] = token;
            var list = new List<BrokerToken>(all.Values);
            list.Sort(static (a, b) => a.Broker.CompareTo(b.Broker));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            string temporary = Path + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, list, s_json);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, OwnerOnly); // also when the temporary file already existed
            }

            File.Move(temporary, Path, overwrite: true);
        }
    }

    /// <summary>
    /// Calls <paramref name="changed"/> with each broker whose token differs after the file is rewritten. The returned
    /// object stops the watch when disposed.
    /// </summary>
    public IDisposable Watch(Action<BrokerKind, BrokerToken> changed)
    {
        Dictionary<BrokerKind, BrokerToken> known = ReadAll();
        var watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileName(Path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        void OnChange(object sender, FileSystemEventArgs e)
        {
            Dictionary<BrokerKind, BrokerToken> now;
            try
            {
                now = ReadAll();
            }
            catch (Exception exception) when (exception is IOException or TokenStoreException)
            {
                return; // mid-rename or too open: the next event or the host's check reports it
            }

            List<(BrokerKind, BrokerToken)> differences = [];
            lock (known)
            {
                foreach (var (broker, token) in now)
                {
                    if (!known.TryGetValue(broker, out BrokerToken? before) || before != token)
                    {
                        known[broker] = token;
                        differences.Add((broker, token));
                    }
                }
            }

            foreach (var (broker, token) in differences)
            {
                changed(broker, token);
            }
        }

        watcher.Changed += OnChange;
        watcher.Created += OnChange;
        watcher.Renamed += (sender, e) => OnChange(sender, e);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>
    /// Tokens that expire within <paramref name="ahead"/> of <paramref name="now"/> (or already have), as health
    /// warnings naming the broker and the time left; never the value.
    /// </summary>
    public List<string> ExpiryWarnings(DateTimeOffset now, TimeSpan ahead)
    {
        var warnings = new List<string>();
        foreach (BrokerToken token in ReadAll().Values)
        {
            if (token.RemainingAt(now) is { } left && left <= ahead)
            {
                warnings.Add(left <= TimeSpan.Zero
                    ? $"{token.Broker} token expired at {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC: log in again"
                    : $"{token.Broker} token expires in {left.TotalHours:0.0} h (at {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC)");
            }
        }

        return warnings;
    }

    private void CheckMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode = File.GetUnixFileMode(Path);
        if ((mode & GroupOrOthers) != 0)
        {
            throw new TokenStoreException(
                $"token store {Path} has mode {Convert.ToString((int)mode, 8)}: group or others may access it; run `chmod 600 {Path}` (refusing to use it)");
        }
    }
}
