namespace LowLatencyFeed.Transport.Tests;

/// <summary>
/// <see cref="ControlMessagePacer"/>: at most its limit in any window, by the times it is handed (no clock of its own),
/// so the arithmetic is checked exactly.
/// </summary>
public sealed class ControlMessagePacerTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 7, 9, 15, 0, TimeSpan.Zero);

    [Fact]
    public void The_limit_goes_back_to_back_and_the_next_waits_until_the_first_leaves_the_window()
    {
        var pacer = new ControlMessagePacer(4, TimeSpan.FromMilliseconds(1250));
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.DelayAt(s_start));
            pacer.Record(s_start);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(1250), pacer.DelayAt(s_start));
        Assert.Equal(TimeSpan.FromMilliseconds(250), pacer.DelayAt(s_start.AddMilliseconds(1000)));
        Assert.Equal(TimeSpan.Zero, pacer.DelayAt(s_start.AddMilliseconds(1250)));
    }

    [Fact]
    public void The_window_slides_over_the_latest_sends()
    {
        // Sends at 0, 100, 200, 300 ms, then each as soon as allowed: the nth waits for the (n-4)th plus the window.
        var pacer = new ControlMessagePacer(4, TimeSpan.FromSeconds(1));
        var sent = new List<DateTimeOffset>();
        for (int i = 0; i < 4; i++)
        {
            DateTimeOffset at = s_start.AddMilliseconds(100 * i);
            Assert.Equal(TimeSpan.Zero, pacer.DelayAt(at));
            pacer.Record(at);
            sent.Add(at);
        }

        DateTimeOffset now = s_start.AddMilliseconds(300);
        for (int i = 4; i < 12; i++)
        {
            now += pacer.DelayAt(now);
            Assert.Equal(sent[i - 4] + TimeSpan.FromSeconds(1), now);
            pacer.Record(now);
            sent.Add(now);
        }

        // Every window of one second (half-open) holds at most four of them.
        foreach (DateTimeOffset from in sent)
        {
            Assert.True(sent.Count(t => t >= from && t < from + TimeSpan.FromSeconds(1)) <= 4);
        }
    }

    [Fact]
    public void A_limit_or_window_that_cannot_work_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ControlMessagePacer(0, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ControlMessagePacer(4, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedSession(new Support.RecordingProtocol(), [], new FeedSessionOptions { Uri = new Uri("ws://127.0.0.1:1/"), ControlMessageLimit = -1 }));
    }
}
