using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Journal.Reading;

/// <content>The by-reference enumerator that lets <c>foreach (ref readonly MarketEvent e in cursor)</c> run without allocating.</content>
public sealed partial class JournalCursor
{
    /// <summary>By-reference enumerator over a <see cref="JournalCursor"/>.</summary>
    public readonly struct Enumerator
    {
        private readonly JournalCursor _cursor;

        internal Enumerator(JournalCursor cursor)
        {
            _cursor = cursor;
        }

        /// <summary>The current event.</summary>
        public ref readonly MarketEvent Current => ref _cursor._current;

        /// <summary>Advances.</summary>
        public bool MoveNext() => _cursor.MoveNext();
    }
}
