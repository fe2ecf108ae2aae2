using LowLatencyFeed.Host.Api;
using LowLatencyFeed.Processing.Derived;

namespace LowLatencyFeed.Host.Streaming;

/// <summary>
/// The stream's derived channels, each with a bit in <see cref="StreamSubscription.Derived"/>: <c>bars:&lt;tf&gt;</c>
/// for every configured timeframe, <c>book_metrics</c>, <c>signals</c> and <c>indicators</c>. To add a channel, implement <see cref="IDerivedStreamChannel"/> and append it in <see cref="Create"/>.
/// </summary>
public sealed class DerivedStreamChannels
{
    /// <summary>Most channels (one bit each in a 64-bit mask).</summary>
    public const int MaxChannels = 64;

    private readonly IDerivedStreamChannel[] _channels;

    /// <summary>Creates the registry over <paramref name="channels"/> (bit i = channel i).</summary>
    public DerivedStreamChannels(IReadOnlyList<IDerivedStreamChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count > MaxChannels)
        {
            throw new ArgumentException($"At most {MaxChannels} derived stream channels, got {channels.Count}.", nameof(channels));
        }

        _channels = [.. channels];
        All = channels.Count == MaxChannels ? ulong.MaxValue : (1UL << channels.Count) - 1;
        Names = string.Join(", ", channels.Select(channel => channel.Name));
    }

    /// <summary>Channels in bit order.</summary>
    public IReadOnlyList<IDerivedStreamChannel> Channels => _channels;

    /// <summary>Every channel's bit.</summary>
    public ulong All { get; }

    /// <summary>The names, comma-separated (error messages).</summary>
    public string Names { get; }

    /// <summary>The standard channels for the bar stage's <paramref name="timeframes"/>.</summary>
    public static DerivedStreamChannels Create(IReadOnlyList<TimeSpan> timeframes)
    {
        ArgumentNullException.ThrowIfNull(timeframes);
        var channels = new List<IDerivedStreamChannel>();
        for (int i = 0; i < timeframes.Count; i++)
        {
            channels.Add(new BarStreamChannel("bars:" + TimeframeNames.NameOf(timeframes[i]), i));
        }

        channels.Add(new BookMetricsStreamChannel());
        channels.Add(new SignalStreamChannel());
        channels.Add(new IndicatorStreamChannel());
        return new DerivedStreamChannels(channels);
    }

    /// <summary>The bit index of channel <paramref name="name"/>; -1 when there is none.</summary>
    public int Find(string? name)
    {
        for (int i = 0; i < _channels.Length; i++)
        {
            if (string.Equals(_channels[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The channel <paramref name="e"/> belongs to; -1 when none (it is not streamed).</summary>
    public int Classify(in DerivedEvent e)
    {
        for (int i = 0; i < _channels.Length; i++)
        {
            if (_channels[i].Accepts(in e))
            {
                return i;
            }
        }

        return -1;
    }
}
