using System.Net;
using System.Net.Sockets;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Host.Dashboard;
using LowLatencyFeed.Host.Engine;

namespace LowLatencyFeed.Dashboard.Tests;

/// <summary>The dashboard's files come out of the host assembly with the types and caching headers a browser needs.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardServingTests(DashboardHostFixture fixture)
{
    [Theory]
    [InlineData("/", "text/html; charset=utf-8")]
    [InlineData("/ui/app.css", "text/css; charset=utf-8")]
    [InlineData("/ui/js/app.js", "text/javascript; charset=utf-8")]
    [InlineData("/ui/js/stream.js", "text/javascript; charset=utf-8")]
    public async Task Files_are_served_with_their_content_type_and_revalidated_by_etag(string path, string contentType)
    {
        using HttpClient http = fixture.Http();
        using HttpResponseMessage response = await http.GetAsync(path.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.True(response.Headers.CacheControl!.NoCache);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        string etag = response.Headers.ETag!.Tag;

        using var again = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        again.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        using HttpResponseMessage revalidated = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Every_embedded_module_is_reachable_and_the_page_allows_only_its_own_host()
    {
        using HttpClient http = fixture.Http();
        string[] paths = [.. DashboardFiles.Embedded.Paths];
        Assert.Contains("index.html", paths);
        Assert.Contains("js/app.js", paths);
        foreach (string path in paths)
        {
            using HttpResponseMessage response = await http.GetAsync("ui/" + path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"ui/{path}: {response.StatusCode}");
        }

        using HttpResponseMessage index = await http.GetAsync("");
        Assert.StartsWith("default-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var head = new HttpRequestMessage(HttpMethod.Head, "ui/js/app.js");
        using HttpResponseMessage headResponse = await http.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);
    }

    [Fact]
    public async Task An_unknown_file_is_a_404_problem()
    {
        using HttpClient http = fixture.Http();
        using HttpResponseMessage response = await http.GetAsync("ui/js/missing.js");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("The dashboard has no file 'js/missing.js'.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_moves_with_the_API_to_its_own_listener()
    {
        string directory = Directory.CreateTempSubdirectory("llfeed-dashboard-api-url-").FullName;
        int apiPort = FreePort();
        var options = new FeedHostOptions
        {
            DataDirectory = directory,
            MetricsUrl = "http://127.0.0.1:0",
            Database = new DatabaseOptions { PrivateCluster = false },
        };
        options.Api.Url = $"http://127.0.0.1:{apiPort}";
        try
        {
            await using FeedHost host = await FeedHost.StartAsync(options, (_, _) => [], []);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using HttpResponseMessage onApi = await http.GetAsync(host.ApiAddress + "/ui/js/app.js");
            Assert.Equal(HttpStatusCode.OK, onApi.StatusCode);
            using HttpResponseMessage onMetrics = await http.GetAsync(host.Address + "/");
            Assert.Equal(HttpStatusCode.NotFound, onMetrics.StatusCode);
            using HttpResponseMessage metrics = await http.GetAsync(host.Address + "/metrics");
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_missing_chromium_fails_with_the_package_to_install()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Chromium.Require("/nonexistent/chromium"));
        Assert.Contains("apt-get install chromium", error.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
