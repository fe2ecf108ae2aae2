using System.Globalization;

namespace LowLatencyFeed.Research.Features;

/// <summary>
/// The feature columns, in order (the README's feature table defines each). The indicator features are fixed: the
/// fifteen indicators at their customary parameters on the feature timeframe.
/// </summary>
public static class FeatureNames
{
    /// <summary>Indicator-derived features, in the order <see cref="FeatureEngine"/> fills them.</summary>
    internal static readonly string[] Indicators =
    [
        "rsi_14", "macd_hist_rel", "bollinger_position", "atr_rel", "adx_14", "di_difference", "stochastic_k", "stochastic_d",
        "cci_20", "williams_r_14", "mfi_14", "vwap_distance", "supertrend_direction", "ema_20_distance", "sma_20_distance",
        "wma_20_distance", "obv_change_rel",
    ];

    public static IReadOnlyList<string> Build(FeatureOptions options)
    {
        var names = new List<string>();
        foreach (int horizon in options.ReturnHorizons)
        {
            names.Add("ret_" + horizon.ToString(CultureInfo.InvariantCulture));
        }

        names.Add("rv_" + options.VolatilityWindow.ToString(CultureInfo.InvariantCulture));
        names.AddRange(Indicators);
        foreach (int depth in options.ImbalanceDepths)
        {
            names.Add(depth == 0 ? "imbalance_all" : "imbalance_" + depth.ToString(CultureInfo.InvariantCulture));
        }

        names.Add("imbalance_first_mean");
        names.Add("spread_bps");
        names.Add("microprice_mid_bps");
        names.Add("tfi_1");
        names.Add("tfi_" + options.FlowWindow.ToString(CultureInfo.InvariantCulture));
        names.Add("relative_volume");
        names.Add("session_time");
        return names;
    }
}
