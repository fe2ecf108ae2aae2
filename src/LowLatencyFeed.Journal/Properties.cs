using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("LowLatencyFeed.Journal.Tests")]
[assembly: InternalsVisibleTo("LowLatencyFeed.Benchmarks")]
