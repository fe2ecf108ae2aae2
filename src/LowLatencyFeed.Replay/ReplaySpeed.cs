using System.Globalization;

namespace LowLatencyFeed.Replay;

/// <summary>
/// How fast a replay runs: <see cref="Max"/> (no pacing) or a multiple of the journaled pace (<c>1x</c> real time,
/// <c>10x</c> ten times faster, <c>0.5x</c> half speed).
/// </summary>
/// <param name="Multiplier">Speed-up over the journaled pace; 0 means as fast as possible.</param>
public readonly record struct ReplaySpeed(double Multiplier)
{
    /// <summary>As fast as possible.</summary>
    public static ReplaySpeed Max => default;

    /// <summary>Real time.</summary>
    public static ReplaySpeed RealTime => new(1);

    /// <summary>Whether pacing is off.</summary>
    public bool IsMax => Multiplier <= 0;

    /// <summary>Parses <c>max</c>, <c>1x</c>, <c>2.5x</c> (the trailing x is optional).</summary>
    public static bool TryParse(string? text, out ReplaySpeed speed)
    {
        speed = Max;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        ReadOnlySpan<char> value = text.AsSpan().Trim();
        if (value.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.EndsWith("x", StringComparison.OrdinalIgnoreCase))
        {
            value = value[..^1];
        }

        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double multiplier) || !(multiplier > 0) || double.IsInfinity(multiplier))
        {
            return false;
        }

        speed = new ReplaySpeed(multiplier);
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/>, throwing <see cref="FormatException"/> with the accepted forms.</summary>
    public static ReplaySpeed Parse(string? text)
        => TryParse(text, out ReplaySpeed speed) ? speed : throw new FormatException($"Invalid replay speed '{text}': use max, 1x or Nx (e.g. 10x, 0.5x).");

    /// <inheritdoc />
    public override string ToString() => IsMax ? "max" : Multiplier.ToString(CultureInfo.InvariantCulture) + "x";
}
