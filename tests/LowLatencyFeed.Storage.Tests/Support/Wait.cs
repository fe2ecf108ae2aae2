namespace LowLatencyFeed.Storage.Tests.Support;

/// <summary>Polls a condition (a bound on waiting, not a timing assertion).</summary>
internal static class Wait
{
    public static void Until(Func<bool> condition, string what, int timeoutSeconds = 60, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeoutSeconds} s waiting for {what}. {state?.Invoke()}");
            }

            Thread.Sleep(20);
        }
    }
}
