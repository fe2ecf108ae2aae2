using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LowLatencyFeed.TestSupport.Nats;

/// <summary>
/// A real <c>nats-server -js</c> on 127.0.0.1 started by a test: free port, store directory in a temp directory
/// (kept across <see cref="Kill"/>/<see cref="Start"/> so a restarted server has its streams back), log captured.
/// Throws with install advice when the machine has no nats-server, so the test fails instead of passing silently.
/// </summary>
public sealed class NatsServerProcess : IDisposable
{
    private readonly StringBuilder _log = new();
    private readonly string _configPath;
    private Process? _process;

    private NatsServerProcess(string name, string root, int port, int clusterPort, string config)
    {
        Name = name;
        Root = root;
        Port = port;
        ClusterPort = clusterPort;
        _configPath = Path.Combine(root, "nats.conf");
        File.WriteAllText(_configPath, config);
    }

    /// <summary>Server name.</summary>
    public string Name { get; }

    /// <summary>Directory holding the config and the JetStream store.</summary>
    public string Root { get; }

    /// <summary>Client port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Cluster route port (0 when standalone).</summary>
    public int ClusterPort { get; }

    /// <summary>The client URL.</summary>
    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>Whether the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the server logged so far (for assertion messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The nats-server executable, or an exception telling how to install it.</summary>
    public static string Executable()
    {
        foreach (string candidate in new[] { "/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, "nats-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("nats-server was not found (looked in /usr/sbin, /usr/bin, /usr/local/bin and PATH). The bus tests need a real NATS server with JetStream: install the Debian package 'nats-server' (CI's .ci/run does).");
    }

    /// <summary>Starts a standalone JetStream server; <paramref name="extraConfig"/> is appended to its config (authorization, limits).</summary>
    public static NatsServerProcess StartStandalone(string name = "n1", string extraConfig = "")
    {
        int port = FreePort();
        string root = Directory.CreateTempSubdirectory("llfeed-nats-").FullName;
        string config = $$"""
            server_name: {{name}}
            listen: 127.0.0.1:{{port}}
            jetstream { store_dir: "{{Path.Combine(root, "store")}}", max_memory_store: 64MB, max_file_store: 2GB }
            {{extraConfig}}
            """;
        var server = new NatsServerProcess(name, root, port, 0, config);
        server.Start();
        return server;
    }

    /// <summary>Starts a cluster of <paramref name="size"/> JetStream servers routed to each other on loopback.</summary>
    public static IReadOnlyList<NatsServerProcess> StartCluster(int size = 3)
    {
        var ports = new (int Client, int Cluster)[size];
        for (int i = 0; i < size; i++)
        {
            ports[i] = (FreePort(), FreePort());
        }

        string routes = string.Join(", ", ports.Select(p => $"\"nats-route://127.0.0.1:{p.Cluster}\""));
        var servers = new List<NatsServerProcess>();
        for (int i = 0; i < size; i++)
        {
            string name = $"c{i + 1}";
            string root = Directory.CreateTempSubdirectory("llfeed-nats-" + name + "-").FullName;
            string config = $$"""
                server_name: {{name}}
                listen: 127.0.0.1:{{ports[i].Client}}
                jetstream { store_dir: "{{Path.Combine(root, "store")}}", max_memory_store: 64MB, max_file_store: 2GB }
                cluster { name: llfeed-test, listen: 127.0.0.1:{{ports[i].Cluster}}, routes: [{{routes}}] }
                """;
            servers.Add(new NatsServerProcess(name, root, ports[i].Client, ports[i].Cluster, config));
        }

        foreach (var server in servers)
        {
            server.Start();
        }

        return servers;
    }

    /// <summary>Starts (or restarts) the process and waits until it accepts connections.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_configPath);
        var process = Process.Start(start) ?? throw new InvalidOperationException("nats-server did not start");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nats-server {Name} exited with {process.ExitCode}:\n{Log}");
            }

            if (Log.Contains("Server is ready", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"nats-server {Name} did not get ready:\n{Log}");
    }

    /// <summary>Replaces <paramref name="oldText"/> in the config and makes the running server reload it (SIGHUP).</summary>
    public void Reconfigure(string oldText, string newText)
    {
        File.WriteAllText(_configPath, File.ReadAllText(_configPath).Replace(oldText, newText, StringComparison.Ordinal));
        using var signal = Process.Start("kill", ["-HUP", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        signal!.WaitForExit();
    }

    /// <summary>SIGKILL: no shutdown, the store stays as it was.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A free TCP port on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
