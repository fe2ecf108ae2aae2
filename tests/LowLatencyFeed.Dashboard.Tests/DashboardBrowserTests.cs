using System.Globalization;
using System.Text.Json;
using LowLatencyFeed.Host.Streaming;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LowLatencyFeed.Dashboard.Tests;

/// <summary>The dashboard in a real Chromium against the host and simulator (README: Dashboard).</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardHostFixture fixture, ITestOutputHelper output)
{
    private static readonly PageWaitForFunctionOptions s_generous = new() { Timeout = 120_000, PollingInterval = 100 };

    [Fact]
    public async Task Feeds_page_shows_the_live_rate_rising()
    {
        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/#/feeds");

        // The page fills from the stream's status channel: a first message with the Kite feed counting messages,
        // then a later one with more — and a positive rate.
        await page.WaitForFunctionAsync("() => Number(document.querySelector('tr[data-feed=\"kite\"] .messages')?.textContent.replaceAll(',', '') ?? 0) > 0", null, s_generous);
        long first = await Messages(page);
        await page.WaitForFunctionAsync(
            "first => Number(document.querySelector('tr[data-feed=\"kite\"] .messages').textContent.replaceAll(',', '')) > first"
            + " && Number(document.querySelector('tr[data-feed=\"kite\"] .msgs-rate').textContent.replaceAll(',', '')) > 0",
            first,
            s_generous);
        Assert.True(await Messages(page) > first);
        Assert.Equal("streaming", await page.TextContentAsync("tr[data-feed=\"kite\"] .state-streaming"));
        Assert.NotNull(await page.QuerySelectorAsync("tr[data-stage=\"journal\"] .lag"));
        await fixture.ScreenshotAsync(page, "feeds");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Search_finds_an_instrument_and_subscribing_it_makes_its_candles_appear()
    {
        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/#/instruments");
        await page.FillAsync("#operate-key", DashboardHostFixture.OperateKey);
        await page.ClickAsync("#save-key");
        await page.FillAsync("#q", "RELI");
        await page.ClickAsync("#search button[type=submit]");
        string row = $"tr[data-instrument=\"{DashboardHostFixture.Reliance}\"]";
        await page.WaitForFunctionAsync("() => document.querySelector('#result-count')?.textContent === '1 instrument(s)'", null, s_generous);
        Assert.Equal(1, await page.Locator("#results tbody tr").CountAsync());
        await page.WaitForSelectorAsync(row);
        Assert.Equal("no", await page.TextContentAsync(row + " .subscribed"));

        // Its chart is empty while it is not subscribed.
        await page.ClickAsync(row + " .view");
        await page.WaitForFunctionAsync("() => document.querySelector('#candles')?.dataset.candles === '0'", null, s_generous);
        await page.GoBackAsync();
        await page.FillAsync("#q", "RELIANCE");
        await page.ClickAsync("#search button[type=submit]");
        await page.WaitForSelectorAsync(row);
        await page.SelectOptionAsync(row + " select.mode", "Full");
        await page.ClickAsync(row + " .subscribe");
        await page.WaitForFunctionAsync($"() => document.querySelector('{row.Replace("\"", "\\\"", StringComparison.Ordinal)} .subscribed')?.textContent === 'yes'", null, s_generous);
        await fixture.ScreenshotAsync(page, "instruments");

        await page.ClickAsync(row + " .view");
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#candles')?.dataset.candles ?? 0) >= 3", null, s_generous);
        await fixture.ScreenshotAsync(page, "instrument");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Ladder_shows_200_levels_for_a_Dhan_200_depth_instrument_and_frame_times_are_measured()
    {
        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/#/instrument/{DashboardHostFixture.DeepBook}?tf=1s");
        await page.WaitForFunctionAsync("() => document.querySelector('#ladder')?.dataset.bidLevels === '200' && document.querySelector('#ladder')?.dataset.askLevels === '200'", null, s_generous);
        Assert.Equal("200 bids / 200 asks", await page.TextContentAsync("#depth-info"));

        // Frame times while 200-level books stream in: rAF deltas and the time spent rendering, plus how many depth
        // messages arrived (the update rate the figures were taken at). Reported, not asserted (no timing asserts).
        long updatesBefore = long.Parse(await page.GetAttributeAsync("#ladder", "data-updates") ?? "0", CultureInfo.InvariantCulture);
        const int windowMs = 10_000;
        // The ladder's render counter is read inside the first and last measured frames: read from here, before and
        // after the evaluation, it would also count renders during the round trips (a busy machine's long frames).
        JsonElement frames = await page.EvaluateAsync<JsonElement>($"() => window.llfeed.measureFrames({windowMs}, '#ladder')");
        long updates = long.Parse(await page.GetAttributeAsync("#ladder", "data-updates") ?? "0", CultureInfo.InvariantCulture) - updatesBefore;
        long renders = frames.GetProperty("counted").GetInt64();
        string report = string.Create(
            CultureInfo.InvariantCulture,
            $"200-level ladder: {updates * 1000.0 / windowMs:F1} depth messages/s received, {renders * 1000.0 / windowMs:F1} ladder renders/s; "
            + $"rAF delta p50 {frames.GetProperty("frameP50").GetDouble():F1} ms, p99 {frames.GetProperty("frameP99").GetDouble():F1} ms, max {frames.GetProperty("frameMax").GetDouble():F1} ms over {frames.GetProperty("frames").GetInt32()} frames; "
            + $"render p50 {frames.GetProperty("renderP50").GetDouble():F2} ms, p99 {frames.GetProperty("renderP99").GetDouble():F2} ms");
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(fixture.OutputDirectory, "frame-times.txt"), report + Environment.NewLine);
        Assert.True(updates > 0, "no depth message arrived while measuring");
        Assert.True(renders > 0 && renders <= frames.GetProperty("frames").GetInt32() + 1, $"{renders} ladder renders in {frames.GetProperty("frames").GetInt32()} frames: more than one per frame");
        await fixture.ScreenshotAsync(page, "ladder");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_stalled_tab_does_not_slow_the_host()
    {
        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}/#/instrument/{DashboardHostFixture.DeepBook}?tf=1s");
        await page.WaitForFunctionAsync("() => document.querySelector('#ladder')?.dataset.bidLevels === '200'", null, s_generous);
        StreamClient client = Assert.Single(fixture.Host.Api.Streaming.Hub.Clients, c => (c.Subscription.Channels & StreamChannels.Depth) != 0);

        // Pause the page's JavaScript: it reads nothing more from its socket (nor can the test query its DOM).
        long rendered = long.Parse(await page.GetAttributeAsync("#ladder", "data-renders") ?? "0", CultureInfo.InvariantCulture);
        ICDPSession cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Debugger.enable");
        await cdp.SendAsync("Debugger.pause");

        // Meanwhile the host keeps ingesting: the ring advances by 20,000 events (more than the client's 4,096-slot
        // queue), no event is dropped at the ring, and every stage keeps up (lag below a quarter ring).
        var engine = fixture.Host.Engine;
        long startSequence = engine.Ring.Cursor;
        long startPublished = Published();
        long target = startSequence + 20_000;
        long worstStreamLag = 0;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (engine.Ring.Cursor < target)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the ring moved from {startSequence} only to {engine.Ring.Cursor} while the tab was paused");
            foreach (var stage in engine.Stages)
            {
                Assert.True(stage.Lag() < engine.Ring.Capacity / 4, $"stage {stage.Name} is {stage.Lag()} events behind while the tab is paused");
                if (stage.Name == "stream")
                {
                    worstStreamLag = Math.Max(worstStreamLag, stage.Lag());
                }
            }

            await Task.Delay(50);
        }

        Assert.True(Published() > startPublished);
        Assert.Equal(0, DroppedAtRing());
        output.WriteLine($"paused tab: ring {startSequence} → {engine.Ring.Cursor}, stream stage worst lag {worstStreamLag}, client conflated {client.Conflated}, dropped {client.Dropped}/{client.DerivedDropped}, status conflated {client.StatusConflated}");

        // Resumed, the page catches up: new depth is rendered.
        await cdp.SendAsync("Debugger.resume");
        await page.WaitForFunctionAsync("before => Number(document.querySelector('#ladder').dataset.renders) > before", rendered, s_generous);
        await page.CloseAsync();

        long Published() => fixture.Host.Engine.Feeds.Sum(f => f.Publisher.Published);
        long DroppedAtRing() => fixture.Host.Engine.Feeds.Sum(f => f.Publisher.Dropped);
    }

    [Fact]
    public async Task Api_errors_are_shown_as_readable_messages()
    {
        IPage page = await fixture.NewPageAsync();

        // 404: an instrument no feed subscribes.
        await page.GotoAsync(fixture.BaseUrl + "/#/instrument/Kite:999999");
        await page.WaitForSelectorAsync(".error");
        Assert.Contains("404 Unknown instrument", await page.TextContentAsync(".error span"), StringComparison.Ordinal);
        Assert.Contains("Kite:999999", await page.TextContentAsync(".error span"), StringComparison.Ordinal);

        // 503: the host runs journal-only, so /api/bars has no history; the page says so and stays live.
        await page.GotoAsync($"{fixture.BaseUrl}/#/instrument/{DashboardHostFixture.Infy}?tf=1s");
        await page.WaitForSelectorAsync(".error[data-key=\"bars\"]");
        string unavailable = (await page.TextContentAsync(".error[data-key=\"bars\"] span"))!;
        Assert.Contains("503 Database unavailable", unavailable, StringComparison.Ordinal);
        Assert.Contains("(retry after 5 s)", unavailable, StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#candles')?.dataset.candles ?? 0) > 0", null, s_generous);
        await fixture.ScreenshotAsync(page, "error-503");

        // 401: a subscription change without an operate key.
        await page.EvaluateAsync("() => sessionStorage.clear()");
        await page.GotoAsync(fixture.BaseUrl + "/#/instruments");
        string row = $"tr[data-instrument=\"{DashboardHostFixture.Infy}\"]";
        await page.WaitForSelectorAsync(row);
        await page.ClickAsync(row + " .unsubscribe");
        await page.WaitForSelectorAsync(".error[data-key=\"subscription\"]");
        string unauthorized = (await page.TextContentAsync(".error[data-key=\"subscription\"] span"))!;
        Assert.Contains("401 Unauthorized", unauthorized, StringComparison.Ordinal);
        Assert.Contains("operate", unauthorized, StringComparison.Ordinal);
        Assert.Equal("yes", await page.TextContentAsync(row + " .subscribed"));

        // A request the host refuses on the stream (here a replay range that ends before it starts).
        await page.GotoAsync(fixture.BaseUrl + "/#/replay");
        await page.WaitForFunctionAsync("() => document.querySelector('#connection').dataset.state === 'open'", null, s_generous);
        await page.FillAsync("#from", "2026-01-05T10:00:00Z");
        await page.FillAsync("#to", "2026-01-05T09:00:00Z");
        await page.FillAsync("#instruments", DashboardHostFixture.Infy);
        await page.ClickAsync("#play");
        await page.WaitForSelectorAsync(".error[data-key=\"stream\"]");
        Assert.Equal("Stream request refused: 'from' must be before 'to'", await page.TextContentAsync(".error[data-key=\"stream\"] span"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_dropped_stream_reconnects_with_backoff_and_says_so()
    {
        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/#/feeds");
        await page.WaitForFunctionAsync("() => document.querySelector('#connection').dataset.state === 'open'", null, s_generous);
        await page.WaitForSelectorAsync("tr[data-feed=\"kite\"]");
        int before = fixture.Host.Api.Streaming.Hub.ClientCount;

        // The host drops every stream connection (as a restart or a network cut would).
        foreach (StreamClient client in fixture.Host.Api.Streaming.Hub.Clients)
        {
            client.Disconnect("test: connection dropped");
        }

        await page.WaitForFunctionAsync("() => document.querySelector('#connection').dataset.state === 'reconnecting'", null, s_generous);
        string lost = (await page.TextContentAsync("#connection"))!;
        Assert.Contains("connection lost", lost, StringComparison.Ordinal);
        Assert.Contains("reconnecting in", lost, StringComparison.Ordinal);
        await fixture.ScreenshotAsync(page, "reconnecting");
        await page.WaitForFunctionAsync("() => document.querySelector('#connection').dataset.state === 'open'", null, s_generous);
        Assert.Equal("stream: reconnected", await page.TextContentAsync("#connection"));

        // The subscription was sent again: status messages keep arriving.
        long messages = await Messages(page);
        await page.WaitForFunctionAsync("first => Number(document.querySelector('tr[data-feed=\"kite\"] .messages').textContent.replaceAll(',', '')) > first", messages, s_generous);
        Assert.True(fixture.Host.Api.Streaming.Hub.ClientCount >= 1 && before >= 1);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Replay_plays_a_journal_range_into_the_instrument_views()
    {
        // Let the journal hold a few seconds of the instrument.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (fixture.Host.Engine.Journal.LastWrittenSequence < 500)
        {
            Assert.True(DateTime.UtcNow < deadline, "the journal wrote nothing");
            await Task.Delay(100);
        }

        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/#/replay");
        // The last 20 s (at most): every depth event of a 200-level book becomes a 200-level message.
        DateTimeOffset now = DateTimeOffset.UtcNow;
        DateTimeOffset from = now.AddSeconds(-20) > fixture.Started ? now.AddSeconds(-20) : fixture.Started.AddSeconds(-1);
        await page.FillAsync("#from", from.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        await page.FillAsync("#to", now.AddSeconds(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        await page.FillAsync("#instruments", DashboardHostFixture.DeepBook);
        await page.SelectOptionAsync("#speed", "max");
        await page.SelectOptionAsync("#timeframe", "1s");
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => document.querySelector('#progress').dataset.state === 'ended'", null, s_generous);
        Assert.True(int.Parse(await page.GetAttributeAsync("#progress", "data-total") ?? "0", CultureInfo.InvariantCulture) > 0);
        await page.WaitForFunctionAsync("() => document.querySelector('#ladder').dataset.bidLevels === '200'", null, s_generous);
        await fixture.ScreenshotAsync(page, "replay");
        await page.CloseAsync();
    }

    private static async Task<long> Messages(IPage page) =>
        long.Parse((await page.TextContentAsync("tr[data-feed=\"kite\"] .messages"))!.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
}
