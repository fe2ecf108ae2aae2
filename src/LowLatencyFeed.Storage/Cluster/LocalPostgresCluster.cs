using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace LowLatencyFeed.Storage.Cluster;

/// <summary>
/// A PostgreSQL cluster owned by this process: <c>initdb</c> on first use, <c>pg_ctl start/stop</c>, listening on
/// 127.0.0.1 with password (scram) authentication and a private unix socket directory. Tests start a throwaway one;
/// the host keeps a persistent one under its data directory when no database is configured.
/// When this process runs as root the tools run as the <c>postgres</c> system user, which then owns the directory.
/// </summary>
public sealed class LocalPostgresCluster : IDisposable
{
    private const string SettingsFileName = "llfeed.conf";
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromSeconds(120);

    private readonly LocalPostgresClusterOptions _options;
    private readonly string _binDirectory;
    private bool _disposed;

    private LocalPostgresCluster(LocalPostgresClusterOptions options, string binDirectory, string password, int port)
    {
        _options = options;
        _binDirectory = binDirectory;
        Password = password;
        Port = port;
    }

    /// <summary>The cluster's root directory.</summary>
    public string RootDirectory => _options.RootDirectory;

    /// <summary>PGDATA.</summary>
    public string DataDirectory => Path.Combine(_options.RootDirectory, "data");

    /// <summary>Directory of the server's unix socket.</summary>
    public string SocketDirectory => Path.Combine(_options.RootDirectory, "run");

    /// <summary>The server log.</summary>
    public string LogFile => Path.Combine(_options.RootDirectory, "postgres.log");

    /// <summary>TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>Superuser name.</summary>
    public string Username => _options.Username;

    /// <summary>Superuser password (generated at initdb, kept in the root directory's <c>password</c> file, mode 0600).</summary>
    public string Password { get; }

    /// <summary>Whether the server is running (<c>pg_ctl status</c>).</summary>
    public bool IsRunning => RunTool("pg_ctl", ["status", "-D", DataDirectory]).ExitCode == 0;

    /// <summary>
    /// Creates the cluster if its directory holds none, then starts it (or adopts it when it is already running,
    /// e.g. after the host was killed). Throws <see cref="InvalidOperationException"/> with the server log's tail on failure.
    /// </summary>
    public static LocalPostgresCluster Start(LocalPostgresClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string binDirectory = options.BinDirectory ?? PostgresBinaries.FindBinDirectory()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found: looked at LLFEED_PG_BINDIR, 'pg_config --bindir', " +
                "/usr/lib/postgresql/*/bin and PATH. Install them (Debian: apt-get install postgresql).");

        string root = Path.GetFullPath(options.RootDirectory);
        options = CopyWithRoot(options, root);
        Directory.CreateDirectory(root);
        string passwordFile = Path.Combine(root, "password");
        bool initialized = File.Exists(Path.Combine(root, "data", "PG_VERSION"));
        string password;
        if (initialized && File.Exists(passwordFile))
        {
            password = File.ReadAllText(passwordFile).Trim();
        }
        else
        {
            password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        }

        var cluster = new LocalPostgresCluster(options, binDirectory, password, options.Port);
        if (!initialized)
        {
            cluster.InitDb(passwordFile);
        }

        cluster.Start();
        return cluster;
    }

    /// <summary>A connection string for <paramref name="database"/> over TCP 127.0.0.1 with the superuser.</summary>
    public string GetConnectionString(string database = "postgres")
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Username,
            Password = Password,
            Database = database,
            // A stopped server must fail fast in outage handling, not after the default 15 s.
            Timeout = 5,
        };
        return builder.ConnectionString;
    }

    /// <summary>Starts the server (no-op when it already runs). Keeps the port if still free, otherwise picks another.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            Port = ReadConfiguredPort() ?? Port;
            return;
        }

        int port = Port != 0 && IsPortFree(Port) ? Port : (_options.Port != 0 ? _options.Port : FreePort());
        Port = port;
        WriteSettings();
        ProcessResult result = RunTool("pg_ctl", ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL did not start in {DataDirectory} ({result.Describe()}). Server log:\n{LogTail()}");
        }
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m mode</c>); no-op when it is not running.</summary>
    public void Stop(PostgresStopMode mode = PostgresStopMode.Fast)
    {
        if (!Directory.Exists(DataDirectory) || !IsRunning)
        {
            return;
        }

        string modeName = mode switch
        {
            PostgresStopMode.Smart => "smart",
            PostgresStopMode.Immediate => "immediate",
            _ => "fast",
        };
        ProcessResult result = RunTool("pg_ctl", ["stop", "-D", DataDirectory, "-m", modeName, "-w", "-t", "60"]);
        if (result.ExitCode != 0 && IsRunning)
        {
            throw new InvalidOperationException($"pg_ctl stop -m {modeName} failed ({result.Describe()}).");
        }

        // Npgsql keeps idle pooled connections; after a stop they are dead, so drop them.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Creates database <paramref name="name"/> if it does not exist.</summary>
    public void CreateDatabase(string name)
    {
        using var connection = new NpgsqlConnection(GetConnectionString());
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", connection);
        exists.Parameters.AddWithValue("n", name);
        if (exists.ExecuteScalar() is not null)
        {
            return;
        }

        using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
        create.ExecuteNonQuery();
    }

    /// <summary>Drops database <paramref name="name"/> if it exists, closing its connections.</summary>
    public void DropDatabase(string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(GetConnectionString());
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    /// <summary>Stops the server (unless told to keep it) and deletes the directory when configured to.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_options.KeepRunningOnDispose)
        {
            try
            {
                Stop(_options.DeleteOnDispose ? PostgresStopMode.Immediate : PostgresStopMode.Fast);
            }
            catch (InvalidOperationException)
            {
                // Best effort: the directory is removed below anyway when temporary.
            }
        }

        if (_options.DeleteOnDispose)
        {
            try
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private void InitDb(string passwordFile)
    {
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        Directory.CreateDirectory(SocketDirectory);
        File.WriteAllText(passwordFile, Password + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        ProcessRunner.GiveToServiceUser(RootDirectory);

        var arguments = new List<string>
        {
            "-D", DataDirectory,
            "-U", Username,
            "--pwfile=" + passwordFile,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E", "UTF8",
            "--no-locale",
        };
        if (!_options.Durable)
        {
            arguments.Add("--no-sync");
        }

        ProcessResult result = RunTool("initdb", arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed in {DataDirectory} ({result.Describe()}).");
        }

        File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), $"\ninclude_if_exists = '{SettingsFileName}'\n");
    }

    private void WriteSettings()
    {
        var text = new StringBuilder();
        text.Append("# Written by LowLatencyFeed's LocalPostgresCluster at each start.\n");
        text.Append("listen_addresses = '127.0.0.1'\n");
        text.Append("port = ").Append(Port).Append('\n');
        text.Append("unix_socket_directories = '").Append(SocketDirectory.Replace("'", "''", StringComparison.Ordinal)).Append("'\n");
        if (!_options.Durable)
        {
            text.Append("fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n");
        }

        if (_options.Settings is not null)
        {
            foreach (KeyValuePair<string, string> setting in _options.Settings)
            {
                text.Append(setting.Key).Append(" = ").Append(setting.Value).Append('\n');
            }
        }

        Directory.CreateDirectory(SocketDirectory);
        string path = Path.Combine(DataDirectory, SettingsFileName);
        File.WriteAllText(path, text.ToString());
        ProcessRunner.GiveToServiceUser(path);
        ProcessRunner.GiveToServiceUser(SocketDirectory);
        if (File.Exists(LogFile))
        {
            ProcessRunner.GiveToServiceUser(LogFile);
        }
    }

    private int? ReadConfiguredPort()
    {
        string path = Path.Combine(DataDirectory, SettingsFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (string line in File.ReadAllLines(path))
        {
            if (line.StartsWith("port = ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(7), out int port))
            {
                return port;
            }
        }

        return null;
    }

    private string LogTail()
    {
        try
        {
            string[] lines = File.ReadAllLines(LogFile);
            return string.Join('\n', lines, Math.Max(0, lines.Length - 20), Math.Min(20, lines.Length));
        }
        catch (IOException)
        {
            return "(no server log)";
        }
    }

    private ProcessResult RunTool(string tool, IReadOnlyList<string> arguments) =>
        ProcessRunner.Run(Path.Combine(_binDirectory, tool), arguments, asServiceUser: true, s_toolTimeout);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static LocalPostgresClusterOptions CopyWithRoot(LocalPostgresClusterOptions options, string root) => new()
    {
        RootDirectory = root,
        Port = options.Port,
        Durable = options.Durable,
        DeleteOnDispose = options.DeleteOnDispose,
        KeepRunningOnDispose = options.KeepRunningOnDispose,
        BinDirectory = options.BinDirectory,
        Username = options.Username,
        Settings = options.Settings,
    };
}
