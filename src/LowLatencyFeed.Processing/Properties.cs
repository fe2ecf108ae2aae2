using System.Runtime.CompilerServices;

// The tests reach the internal engine pieces (instrument map, session calendar cache) directly.
[assembly: InternalsVisibleTo("LowLatencyFeed.Processing.Tests")]
