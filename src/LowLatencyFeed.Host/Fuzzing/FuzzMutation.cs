namespace LowLatencyFeed.Host.Fuzzing;

/// <summary>How a fuzzed frame was made from the simulator's valid messages. Frame i uses mutation <c>i % Count</c>.</summary>
public enum FuzzMutation
{
    /// <summary>A valid message unchanged (keeps the parser's state — HSM topics, Binance books — realistic).</summary>
    Valid = 0,

    /// <summary>1 to 8 single-bit flips, half the time inside the first 16 bytes (the headers).</summary>
    BitFlips,

    /// <summary>A message cut short; successive truncation frames sweep every length of every template.</summary>
    Truncation,

    /// <summary>Two messages joined: a prefix of one and a suffix of another, or one whole message after another.</summary>
    Splice,

    /// <summary>A 1-, 2- or 4-byte field at a header offset (or anywhere) set to 0, 1, or the signed/unsigned maximum; text: a number replaced by an extreme one.</summary>
    LengthExtreme,

    /// <summary>Random bytes, sometimes behind a valid message's first bytes.</summary>
    RandomBytes,

    /// <summary>Several byte-level edits at once: flip, overwrite, insert, delete, cut.</summary>
    Mixed,
}
