using System.Collections.Frozen;

namespace LowLatencyFeed.Protocols.Kotak;

/// <summary>
/// SFeed exchange ids and price dividers. Starts from the documented ids and dividers (Kotak/README.md §7, §8.2) with divider
/// <see cref="DefaultDivider"/> everywhere, and is updated from the auth response's <c>exchanges</c> map. May be shared by
/// every connection of an account; reads are lock-free, updates (once per login) replace the name map atomically.
/// </summary>
public sealed class KotakExchangeTable
{
    /// <summary>The SDK's divider for exchanges the auth response does not list.</summary>
    public const long DefaultDivider = 100;

    private static readonly string[] s_defaultNames =
        ["none", "nse_cm", "nse_fo", "cde_fo", "nse_com", "bse_cm", "bse_fo", "bse_cd", "bse_co", "mcx_fo", "ncd_co"];

    private readonly long[] _dividers = new long[256];
    private FrozenDictionary<string, byte> _ids;
    private string?[] _names = new string?[256];
    private int _version;

    /// <summary>Creates the table with the documented ids and the default divider.</summary>
    public KotakExchangeTable()
    {
        Array.Fill(_dividers, DefaultDivider);
        var ids = new Dictionary<string, byte>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < s_defaultNames.Length; i++)
        {
            ids[s_defaultNames[i]] = (byte)i;
            _names[i] = s_defaultNames[i];
        }

        _ids = ids.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Incremented by every <see cref="Update"/>, so users of cached scales know to rebuild.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>The divider of an exchange id (wire <c>int8</c>, indexed as a byte).</summary>
    public long Divider(byte exchangeId) => Volatile.Read(ref _dividers[exchangeId]);

    /// <summary>The id of a segment name such as <c>nse_cm</c> (case-insensitive).</summary>
    public bool TryGetId(string name, out byte exchangeId) => Volatile.Read(ref _ids).TryGetValue(name, out exchangeId);

    /// <summary>The segment name of an id, or null when unknown.</summary>
    public string? Name(byte exchangeId) => Volatile.Read(ref _names)[exchangeId];

    /// <summary>
    /// Records one entry of the auth response: <paramref name="name"/> has id <paramref name="exchangeId"/> and
    /// <paramref name="divider"/> (ignored unless positive). Cold path.
    /// </summary>
    /// <returns>
    /// False when the table already said exactly that (a repeated auth response, every reconnect): nothing is replaced
    /// and <see cref="Version"/> stays, so no connection rebuilds its instrument scales.
    /// </returns>
    public bool Update(string name, byte exchangeId, long divider)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        bool sameDivider = divider <= 0 || Volatile.Read(ref _dividers[exchangeId]) == divider;
        bool sameName = Volatile.Read(ref _ids).TryGetValue(name, out byte known) && known == exchangeId
            && string.Equals(Volatile.Read(ref _names)[exchangeId], name, StringComparison.OrdinalIgnoreCase);
        if (sameDivider && sameName)
        {
            return false;
        }

        if (divider > 0)
        {
            Volatile.Write(ref _dividers[exchangeId], divider);
        }

        if (!sameName)
        {
            var ids = new Dictionary<string, byte>(Volatile.Read(ref _ids), StringComparer.OrdinalIgnoreCase) { [name] = exchangeId };
            var names = (string?[])Volatile.Read(ref _names).Clone();
            names[exchangeId] = name;
            Volatile.Write(ref _names, names);
            Volatile.Write(ref _ids, ids.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
        }

        Interlocked.Increment(ref _version);
        return true;
    }
}
