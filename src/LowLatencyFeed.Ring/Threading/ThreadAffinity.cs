using System.Runtime.InteropServices;

namespace LowLatencyFeed.Ring.Threading;

/// <summary>
/// Pins the calling thread to one CPU core (Linux <c>sched_setaffinity</c> on the thread id 0 = caller). Pinning keeps
/// a consumer's cache warm and off the producer's core; it is opt-in and never assumes more cores than the machine has.
/// </summary>
public static partial class ThreadAffinity
{
    /// <summary>Pins the calling thread to <paramref name="core"/>; returns false with a reason when that is not possible.</summary>
    public static bool TryPinCurrentThread(int core, out string? error)
    {
        if (core < 0 || core >= Environment.ProcessorCount)
        {
            error = $"core {core} does not exist: this machine has {Environment.ProcessorCount} (0..{Environment.ProcessorCount - 1})";
            return false;
        }

        if (!OperatingSystem.IsLinux())
        {
            error = "thread pinning is implemented for Linux only";
            return false;
        }

        if (core >= 64)
        {
            error = $"core {core} is beyond the 64-core mask this implementation sets";
            return false;
        }

        ulong mask = 1UL << core;
        if (SchedSetAffinity(0, (nuint)sizeof(ulong), ref mask) != 0)
        {
            error = $"sched_setaffinity failed with errno {Marshal.GetLastPInvokeError()}";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The cores the calling thread may run on, as a bit mask (first 64 cores).</summary>
    public static ulong GetCurrentThreadMask()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        ulong mask = 0;
        return SchedGetAffinity(0, (nuint)sizeof(ulong), ref mask) == 0 ? mask : 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint cpuSetSize, ref ulong mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nuint cpuSetSize, ref ulong mask);
}
