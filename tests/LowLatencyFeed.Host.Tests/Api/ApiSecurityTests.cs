using System.Diagnostics;
using System.Net;
using LowLatencyFeed.Client;
using LowLatencyFeed.Core.Events;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>Rate limits per key, CORS, request size limits, and no credential in any log line of the real executable.</summary>
public sealed class ApiSecurityTests
{
    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_Retry_After_while_another_key_keeps_its_own_budget()
    {
        Environment.SetEnvironmentVariable("LLFEED_TEST_RATE_KEY_A", "rate-key-a-0123456789");
        Environment.SetEnvironmentVariable("LLFEED_TEST_RATE_KEY_B", "rate-key-b-0123456789");
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 1, configure: options =>
        {
            options.Api.RateLimit = new ApiRateLimitOptions { PermitsPerSecond = 1, Burst = 3 };
            options.Api.Keys = [
                new ApiKeyOptions { Name = "a", Key = "${LLFEED_TEST_RATE_KEY_A}" },
                new ApiKeyOptions { Name = "b", Key = "${LLFEED_TEST_RATE_KEY_B}" },
            ];
        });
        using var a = new FeedApiClient(new Uri(host.Host.ApiAddress), "rate-key-a-0123456789");
        using var b = new FeedApiClient(new Uri(host.Host.ApiAddress), "rate-key-b-0123456789");

        // Three in the bucket, one more per second: twenty back-to-back requests cannot all pass.
        FeedApiException? refused = null;
        for (int i = 0; i < 20 && refused is null; i++)
        {
            try
            {
                await a.GetInstrumentsAsync();
            }
            catch (FeedApiException exception)
            {
                refused = exception;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.True(refused.RetryAfter >= TimeSpan.FromSeconds(1), $"Retry-After {refused.RetryAfter}");
        Assert.Equal("Too many requests", refused.Title);

        // The other key has its own bucket; /metrics is not limited and counts the refusal.
        Assert.NotEmpty(await b.GetInstrumentsAsync());
        var status = await b.GetStatusAsync();
        Assert.Equal("journal-only", status.Database.Mode);
        Assert.Equal(["journal", "bars", "books", "db-stager", "stream", "derived-stager", "derived-stream"], status.Stages.Select(stage => stage.Name));
        Assert.Equal(["ingress", "ingress", "ingress", "ingress", "ingress", "derived", "derived"], status.Stages.Select(stage => stage.Ring));
        Assert.True(status.Engine.Sequence >= status.Journal.LastSequence);
        Assert.Equal(1, status.Engine.Feeds);
        string metrics = await host.Http.GetStringAsync(new Uri(host.Host.Address + "/metrics"));
        Assert.Matches(@"llfeed_api_rejected_requests_total\{reason=""rate_limited""\} [1-9]", metrics);
    }

    [Fact]
    public async Task Cors_headers_go_to_the_configured_origin_only_and_oversized_requests_are_refused()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null, messages: 1, configure: options =>
        {
            options.Api.Cors.Origins = ["https://dashboard.example.com"];
            options.Api.MaxRequestBodyBytes = 4096;
            options.Api.MaxRequestHeaderBytes = 8192;
        });

        foreach (var (origin, allowed) in new[] { ("https://dashboard.example.com", true), ("https://evil.example.com", false) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/instruments");
            request.Headers.Add("Origin", origin);
            using HttpResponseMessage response = await host.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values));
            if (allowed)
            {
                Assert.Equal([origin], values!);
            }

            using var preflight = new HttpRequestMessage(HttpMethod.Options, "api/feeds/kite-sim/stop");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
            using HttpResponseMessage preflightResponse = await host.Http.SendAsync(preflight);
            Assert.Equal(allowed, preflightResponse.Headers.Contains("Access-Control-Allow-Origin"));
        }

        using var body = new ByteArrayContent(new byte[64 * 1024]);
        using HttpResponseMessage tooLarge = await host.Http.PostAsync("api/feeds/kite-sim/stop", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        using var hugeHeader = new HttpRequestMessage(HttpMethod.Get, "api/instruments");
        hugeHeader.Headers.Add("X-Filler", new string('x', 16 * 1024));
        using HttpResponseMessage headerRefused = await host.Http.SendAsync(hugeHeader);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, headerRefused.StatusCode);
    }

    [Fact]
    public async Task The_running_executable_never_logs_a_credential()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string directory = Directory.CreateTempSubdirectory("llfeed-secrets-").FullName;
        var instruments = LowLatencyFeed.Host.Commands.DemoInstruments.Create(2);
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { Instruments = instruments, MessagesPerSecond = 200 }, NullLoggerFactory.Instance, CancellationToken.None);
        int port = ApiTestHost.FreePort();
        var secrets = new Dictionary<string, string>
        {
            ["KITE_API_KEY"] = "kiteapikey7Q2w9e",
            ["KITE_ACCESS_TOKEN"] = "kiteaccesstokenZ8x1c",
            ["OPS_KEY"] = "opskeyH4j7k2",
            ["READ_KEY"] = "readkeyP3m6n1",
        };
        string feedUrl = simulator.GetFeedUri(FeedKind.Kite) + "?api_key=${KITE_API_KEY}&access_token=${KITE_ACCESS_TOKEN}";
        string config = $$"""
            {
              "DataDirectory": "{{directory}}",
              "MetricsUrl": "http://127.0.0.1:{{port}}",
              "Database": { "PrivateCluster": false },
              "Api": { "Keys": [ { "Name": "ops", "Key": "${OPS_KEY}", "Role": "operate" }, { "Name": "reader", "Key": "${READ_KEY}" } ], "RequireKeyForRead": true },
              "Feeds": [ { "Name": "kite", "Protocol": "kite", "Url": "{{feedUrl}}", "Instruments": [ { "Token": {{instruments[0].Token}}, "Symbol": "A", "Mode": "Full", "PriceDecimals": 2 } ] } ]
            }
            """;
        string configPath = Path.Combine(directory, "llfeed.json");
        await File.WriteAllTextAsync(configPath, config);
        ProcessStartInfo start = LlfeedProcess.StartInfo("run", "--config", configPath);

        foreach (var (name, value) in secrets)
        {
            start.Environment[name] = value;
        }

        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Every path that handles a credential: the feed connecting with its URL, a good, a wrong and a missing key,
            // an operate call (stop and start the feed, so the connection is logged again).
            using var ops = new FeedApiClient(new Uri($"http://127.0.0.1:{port}"), secrets["OPS_KEY"]);
            using var wrong = new FeedApiClient(new Uri($"http://127.0.0.1:{port}"), "wrongkeyV5b8");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            while (true)
            {
                Assert.True(DateTime.UtcNow < deadline && !process.HasExited, "the host did not start streaming: " + string.Join('\n', output));
                try
                {
                    if ((await ops.GetFeedsAsync())[0].State == "streaming")
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(100);
            }

            await Assert.ThrowsAsync<FeedApiException>(() => wrong.GetStatusAsync());
            using (var reader = new FeedApiClient(new Uri($"http://127.0.0.1:{port}"), secrets["READ_KEY"]))
            {
                Assert.Equal("ok", (await reader.GetStatusAsync()).Status);
                await Assert.ThrowsAsync<FeedApiException>(() => reader.StopFeedAsync("kite"));
            }

            await ops.StopFeedAsync("kite");
            await ops.StartFeedAsync("kite");
        }
        finally
        {
            using (var kill = Process.Start("kill", ["-s", "INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            bool exited = await LlfeedProcess.ExitsWithinAsync(process, TimeSpan.FromSeconds(180));
            if (!exited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            Directory.Delete(directory, recursive: true);
            Assert.True(exited, "no exit within 180 s of SIGINT; the host's output:\n" + string.Join('\n', output));
        }

        string log = string.Join('\n', output);
        Assert.Contains($"127.0.0.1:{simulator.Port}", log, StringComparison.Ordinal);
        foreach (var (name, value) in secrets)
        {
            Assert.False(log.Contains(value, StringComparison.Ordinal), $"{name} appears in the log:\n{log}");
        }

        Assert.DoesNotContain("wrongkeyV5b8", log, StringComparison.Ordinal);
    }
}
