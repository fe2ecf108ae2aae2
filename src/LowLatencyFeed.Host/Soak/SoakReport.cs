using System.Globalization;
using LowLatencyFeed.Storage.Verification;

namespace LowLatencyFeed.Host.Soak;

/// <summary>What a soak proved: per table database == journal, journal == sent, and the catch-up time after each outage.</summary>
public sealed class SoakReport
{
    /// <summary>Host kills performed.</summary>
    public int Kills { get; init; }

    /// <summary>Database outages performed.</summary>
    public int Outages { get; init; }

    /// <summary>The working directory.</summary>
    public string Directory { get; init; } = "";

    /// <summary>Time from the first start to the clean stop.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>Per outage: from the database restart until it held every row up to the ring cursor at the restart.</summary>
    public List<TimeSpan> CatchUps { get; } = [];

    /// <summary>Database == journal, per table.</summary>
    public DatabaseComparison? Database { get; set; }

    /// <summary>Journal == sent.</summary>
    internal SentComparison? Sent { get; set; }

    /// <summary>Rows lost, duplicated and mismatched over every table, plus journaled events that differ from what was sent.</summary>
    public (long Lost, long Duplicated, long Mismatched) Totals =>
        Database is null
            ? (-1, -1, -1)
            : (Database.Tables.Sum(t => t.Lost), Database.Tables.Sum(t => t.Duplicated), Database.Tables.Sum(t => t.Mismatched) + (Sent?.Mismatched ?? 0));

    /// <summary>True when every table matched and every journaled event is one the simulator sent.</summary>
    public bool Passed => Database is { Exact: true } && Sent is { Mismatched: 0 } && Sent.Journaled > 0;

    /// <summary>The final table.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"cycles: {Kills} kills + {Outages} outages in {Elapsed.TotalSeconds:0} s"));
        if (Sent is not null)
        {
            output.WriteLine(string.Create(c, $"events: sent {Sent.Sent:N0}, journaled {Sent.Journaled:N0}, equal to what was sent {Sent.Matched:N0}, differing {Sent.Mismatched:N0}; in flight at a kill or the stop {Sent.InFlight:N0}"));
            foreach (string problem in Sent.Problems)
            {
                output.WriteLine("  " + problem);
            }
        }

        output.WriteLine("table              rows      lost  duplicated  mismatched");
        foreach (TableComparison table in Database?.Tables ?? [])
        {
            output.WriteLine(string.Create(c, $"{table.Table,-14}{table.Actual,10:N0}{table.Lost,10}{table.Duplicated,12}{table.Mismatched,12}"));
            foreach (string example in table.Examples.Take(3))
            {
                output.WriteLine("  " + example);
            }
        }

        if (CatchUps.Count > 0)
        {
            TimeSpan[] sorted = [.. CatchUps.Order()];
            output.WriteLine(string.Create(c, $"catch-up after each outage (s): {string.Join(" ", CatchUps.Select(t => t.TotalSeconds.ToString("0.00", c)))}; min {sorted[0].TotalSeconds:0.00}, median {sorted[sorted.Length / 2].TotalSeconds:0.00}, max {sorted[^1].TotalSeconds:0.00}"));
        }

        (long lost, long duplicated, long mismatched) = Totals;
        output.WriteLine(string.Create(c, $"lost {lost}, duplicated {duplicated}, mismatched {mismatched}: {(Passed ? "PASS" : "FAIL")}"));
    }
}
