using Microsoft.Playwright;

namespace LowLatencyFeed.Dashboard.Tests;

/// <summary>
/// The candle chart marks decisions only (README: Dashboard): BUY and SELL signals get a marker on their bar; a model's
/// HOLD (side 0, sent for every scored bar) and the imbalance rule's return to flat get none, and are not kept, so a
/// long run of HOLDs never pushes the decisions out of the chart's last 500 signals. Run in Chromium on the module the
/// host serves.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SignalMarkerTests(DashboardHostFixture fixture)
{
    private const string Script = """
        async () => {
          const { CandleChart, signalMarkers } = await import('/ui/js/candles.js');
          const minute = 60000;
          const t0 = Date.parse('2026-03-02T09:15:00Z');
          const iso = t => new Date(t).toISOString();
          const bars = [0, 1, 2, 3, 4].map(k => ({ t: t0 + k * minute, o: 100, h: 101, l: 99, c: 100, v: 1, closed: true }));

          // A model signal per bar, HOLD, BUY, HOLD, SELL (time = the scored bar's end, the next bar's start; the stream
          // and the API send side as a number), then the rule's return to flat inside the last bar.
          const signals = [0, 1, 0, -1].map((side, k) => ({ t: t0 + (k + 1) * minute, side }));
          signals.push({ t: t0 + 4 * minute + 5000, side: 0 });
          const markers = signalMarkers(signals, bars, minute);

          // The chart: a BUY and a SELL, then 600 HOLDs (more than the 500 signals it keeps).
          const canvas = document.createElement('canvas');
          canvas.style.width = '800px';
          canvas.style.height = '400px';
          document.body.append(canvas);
          const chart = new CandleChart(canvas);
          chart.reset(60);
          for (const bar of bars) {
            chart.upsertBar({ time: iso(bar.t), open: 100, high: 101, low: 99, close: 100, volume: 1 });
          }
          chart.addSignal({ time: iso(t0 + 90000), side: 1, imbalance: 0.8 });
          chart.addSignal({ time: iso(t0 + 210000), side: -1, imbalance: -0.7 });
          for (let i = 0; i < 600; i++) {
            chart.addSignal({ time: iso(t0 + (i % 5) * minute + 30000), side: 0, imbalance: 0.1 });
          }
          chart.render();
          return JSON.stringify({ markers, kept: chart.signals.length, drawn: canvas.dataset.markers });
        }
        """;

    [Fact]
    public async Task Only_buy_and_sell_signals_are_marked_and_holds_never_push_them_out()
    {
        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl + "/");
        string result = await page.EvaluateAsync<string>(Script);
        await page.CloseAsync();

        Assert.Equal("""{"markers":[{"at":2,"buy":true},{"at":4,"buy":false}],"kept":2,"drawn":"2"}""", result);
    }
}
