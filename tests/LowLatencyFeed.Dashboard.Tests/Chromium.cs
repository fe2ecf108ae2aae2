namespace LowLatencyFeed.Dashboard.Tests;

/// <summary>
/// Where the browser tests find Chromium: Debian's <c>chromium</c> package (Playwright's own browser download cannot
/// run here; <c>.ci/run</c> installs the package when it is missing). A missing browser fails the tests, never skips them.
/// </summary>
public static class Chromium
{
    /// <summary>The Debian package's executable.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Throws, naming the package to install, when <paramref name="path"/> is not there.</summary>
    public static string Require(string path = ExecutablePath)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The dashboard browser tests need Chromium at {path}: install Debian's 'chromium' package (apt-get install chromium); .ci/run installs it when missing.");
        }

        return path;
    }
}
