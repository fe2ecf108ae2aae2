using System.Runtime.InteropServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Storage.Staging;

/// <summary>A staged best bid/offer.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
public struct QuoteRow
{
    /// <summary>Header of the source event.</summary>
    public EventHeader Header;

    /// <summary>The payload.</summary>
    public QuotePayload Quote;
}
