using LowLatencyFeed.Core.Instruments;

namespace LowLatencyFeed.Research.Export;

/// <summary>"Feed:Token" labels (<c>Kite:408065</c>), built once per instrument, not once per row.</summary>
internal sealed class InstrumentLabels
{
    private readonly Dictionary<long, string> _labels = [];

    public string Of(InstrumentId id)
    {
        if (!_labels.TryGetValue(id.Value, out string? label))
        {
            label = id.ToString();
            _labels.Add(id.Value, label);
        }

        return label;
    }
}
