namespace LowLatencyFeed.Processing.Signals;

/// <summary>The imbalance signal rule: enter at ±<see cref="Threshold"/> held for <see cref="MinPersistence"/>, leave at ±(Threshold − Hysteresis).</summary>
public sealed record SignalOptions
{
    /// <summary>Imbalance window watched, levels per side; must be one of <see cref="Books.BookOptions.ImbalanceDepths"/> (0 = all). Default 5.</summary>
    public int WindowDepth { get; init; } = 5;

    /// <summary>Entry level: Buy when imbalance ≥ +Threshold, Sell when ≤ −Threshold. In (0, 1]. Default 0.3.</summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>
    /// How far the imbalance must fall back before a signal ends: Buy ends below Threshold − Hysteresis, Sell above
    /// −(Threshold − Hysteresis). In [0, Threshold]. Default 0.1, so a book hovering at the threshold does not flicker.
    /// </summary>
    public double Hysteresis { get; init; } = 0.1;

    /// <summary>
    /// How long (exchange time) the entry condition must hold on every update before the signal fires; a clock event
    /// can complete it on a quiet book. Default 500 ms: longer than the flicker of a single large order being placed and pulled.
    /// </summary>
    public TimeSpan MinPersistence { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Whether the end of a signal (back to <see cref="Derived.SignalSide.Flat"/>) is published too. Default true.</summary>
    public bool EmitExits { get; init; } = true;

    internal void Validate()
    {
        if (!(Threshold > 0 && Threshold <= 1))
        {
            ThrowHelper.ThrowArgument(nameof(Threshold), "Threshold must be in (0, 1].");
        }

        if (!(Hysteresis >= 0 && Hysteresis <= Threshold))
        {
            ThrowHelper.ThrowArgument(nameof(Hysteresis), "Hysteresis must be in [0, Threshold].");
        }

        if (MinPersistence < TimeSpan.Zero)
        {
            ThrowHelper.ThrowArgument(nameof(MinPersistence), "MinPersistence cannot be negative.");
        }

        if (WindowDepth < 0)
        {
            ThrowHelper.ThrowArgument(nameof(WindowDepth), "WindowDepth must be positive, or 0 for all levels.");
        }
    }
}
