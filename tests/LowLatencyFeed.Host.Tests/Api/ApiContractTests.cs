using System.Net;
using System.Text.Json;

namespace LowLatencyFeed.Host.Tests.Api;

/// <summary>Bad requests, instruments, the OpenAPI document and the listener options (journal-only host: no database needed).</summary>
public sealed class ApiContractTests
{
    [Theory]
    [InlineData("api/bars", 400, "instrument")]
    [InlineData("api/bars?instrument=Kite:1", 404, "instrument")]
    [InlineData("api/bars?instrument=NOSUCH", 404, "instrument")]
    [InlineData("api/bars?instrument={id}&from=yesterday", 400, "from")]
    [InlineData("api/bars?instrument={id}&to=2025-13-01", 400, "to")]
    [InlineData("api/bars?instrument={id}&from=2025-03-05T00:00:00Z&to=2025-03-04T00:00:00Z", 400, "from")]
    [InlineData("api/bars?instrument={id}&timeframe=7m", 400, "timeframe")]
    [InlineData("api/bars?instrument={id}&limit=0", 400, "limit")]
    [InlineData("api/bars?instrument={id}&limit=abc", 400, "limit")]
    [InlineData("api/bars?instrument={id}&format=xml", 400, "format")]
    [InlineData("api/ticks?instrument={id}&from=2025-03-04T00:00:00Z&to=2025-03-05T00:00:01Z", 400, "from")]
    [InlineData("api/trades?instrument={id}&limit=100001", 400, "limit")]
    [InlineData("api/instruments?limit=-1", 400, "limit")]
    [InlineData("api/instruments/Binance:7", 404, "id")]
    public async Task Bad_requests_are_problem_json_naming_the_parameter_and_counted(string path, int status, string parameter)
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null);
        using var response = await host.Http.GetAsync(path.Replace("{id}", host.FirstId, StringComparison.Ordinal));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));

        string metrics = await host.Http.GetStringAsync(new Uri(host.Host.Address + "/metrics"));
        string reason = status == 404 ? "not_found" : "bad_request";
        Assert.Contains($"llfeed_api_rejected_requests_total{{reason=\"{reason}\"}} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_too_wide_range_names_the_limit()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null);
        using var response = await host.Http.GetAsync($"api/trades?instrument={host.FirstId}&from=2025-03-01T00:00:00Z&to=2025-03-03T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the maximum for this endpoint is 24 h", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instruments_are_searched_by_symbol_and_filtered_by_feed_exchange_and_segment()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null);
        using JsonDocument all = await ApiHistoryTests.GetJson(host, "api/instruments");
        Assert.Equal(3, all.RootElement.GetArrayLength());
        using JsonDocument bySymbol = await ApiHistoryTests.GetJson(host, "api/instruments?q=relia");
        JsonElement reliance = Assert.Single(bySymbol.RootElement.EnumerateArray());
        Assert.Equal(host.FirstId, reliance.GetProperty("id").GetString());
        Assert.Equal("kite-sim", reliance.GetProperty("feed").GetString());
        Assert.Equal(2, reliance.GetProperty("priceDecimals").GetInt32());
        using JsonDocument bse = await ApiHistoryTests.GetJson(host, "api/instruments?exchange=BSE");
        Assert.Equal(2, bse.RootElement.GetArrayLength());
        using JsonDocument segment = await ApiHistoryTests.GetJson(host, "api/instruments?segment=nse_eq&feed=KITE-SIM");
        Assert.Single(segment.RootElement.EnumerateArray());
        using JsonDocument none = await ApiHistoryTests.GetJson(host, "api/instruments?feed=other");
        Assert.Equal(0, none.RootElement.GetArrayLength());
        string csv = await host.Http.GetStringAsync("api/instruments?q=SYM1&format=csv");
        Assert.StartsWith("id,instrumentId,feed,protocol,token,symbol,segment,mode,priceDecimals,quantityDecimals,name,exchange,description,instrumentType,expiry,strike,optionType,lotSize,tickSize,brokerKey,masterValidOn\n", csv, StringComparison.Ordinal);
        Assert.Contains($",kite-sim,kite,{host.Instruments[1].Token},SYM1,BSE_EQ,Full,2,0,,,,,,,,,,,\n", csv, StringComparison.Ordinal); // no master loaded
    }

    [Fact]
    public async Task The_openapi_document_and_the_reference_page_describe_every_endpoint()
    {
        await using var host = await ApiTestHost.StartAsync(connectionString: null);
        using JsonDocument document = await ApiHistoryTests.GetJson(host, "openapi/v1.json");
        JsonElement paths = document.RootElement.GetProperty("paths");
        foreach (string path in new[] { "/api/instruments", "/api/instruments/{id}", "/api/bars", "/api/ticks", "/api/trades", "/api/book-metrics", "/api/signals" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        JsonElement parameters = paths.GetProperty("/api/bars").GetProperty("get").GetProperty("parameters");
        var names = parameters.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["instrument", "timeframe", "from", "to", "limit", "format"], names);
        Assert.False(paths.TryGetProperty("/metrics", out _));

        // The stream reads its query itself (before the WebSocket upgrade); its parameters are listed all the same.
        JsonElement stream = paths.GetProperty("/api/stream").GetProperty("get");
        Dictionary<string, JsonElement> streamParameters = stream.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["format", "batch"], streamParameters.Keys);
        foreach ((string name, string[] values, string fallback) in new[] { ("format", new[] { "json", "binary" }, "json"), ("batch", new[] { "false", "true" }, "false") })
        {
            JsonElement parameter = streamParameters[name];
            Assert.Equal("query", parameter.GetProperty("in").GetString());
            Assert.False(parameter.TryGetProperty("required", out JsonElement required) && required.GetBoolean());
            Assert.Equal(values, parameter.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal(fallback, parameter.GetProperty("schema").GetProperty("default").GetString());
            Assert.False(string.IsNullOrWhiteSpace(parameter.GetProperty("description").GetString()));
        }

        Assert.Contains("binary", streamParameters["format"].GetProperty("description").GetString(), StringComparison.Ordinal);

        using var page = await host.Http.GetAsync("api/reference");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/openapi/v1.json", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_Url_moves_the_api_to_its_own_listener()
    {
        int port = ApiTestHost.FreePort();
        await using var host = await ApiTestHost.StartAsync(connectionString: null, configure: o => o.Api.Url = $"http://127.0.0.1:{port}");
        Assert.Equal($"http://127.0.0.1:{port}", host.Host.ApiAddress);
        Assert.NotEqual(host.Host.ApiAddress, host.Host.Address);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{host.Host.ApiAddress}/api/instruments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{host.Host.Address}/api/instruments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{host.Host.ApiAddress}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{host.Host.Address}/metrics")).StatusCode);
    }
}
