using System.Globalization;
using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Host.Configuration;
using LowLatencyFeed.Journal.Tools;
using LowLatencyFeed.Replay;
using LowLatencyFeed.Research.Export;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed journal inspect|verify|export --journal DIR</c>; <c>export --format parquet --out DIR</c> writes one
/// Parquet file per table and day (<c>src/LowLatencyFeed.Research/README.md</c>).
/// </summary>
public static class JournalCommand
{
    /// <summary>Exit 0 when the journal is sound, 1 when problems were found, 2 for usage errors.</summary>
    public static int Run(CommandLine line, TextWriter output)
    {
        string directory = line.GetString("journal") ?? throw new CommandLineException($"'{line.Verb}' needs --journal DIR");
        switch (line.Verb)
        {
            case "journal inspect":
                line.RejectUnknownOptions();
                return JournalTools.Inspect(directory, output);
            case "journal verify":
                line.RejectUnknownOptions();
                return JournalTools.Verify(directory, output);
            case "journal export":
                string format = line.GetString("format") ?? "csv";
                if (format == "parquet")
                {
                    return ExportParquet(line, directory, output);
                }

                if (format != "csv")
                {
                    throw new CommandLineException($"--format must be csv or parquet, got '{format}'");
                }

                string outFile = line.GetString("out") ?? throw new CommandLineException("journal export needs --out FILE");
                line.RejectUnknownOptions();
                return JournalTools.Export(directory, outFile, output);
            default:
                throw new CommandLineException($"unknown verb '{line.Verb}' (journal inspect, journal verify, journal export)");
        }
    }

    private static int ExportParquet(CommandLine line, string directory, TextWriter output)
    {
        string outDirectory = line.GetString("out") ?? throw new CommandLineException("journal export --format parquet needs --out DIR");
        string? from = line.GetString("from");
        string? to = line.GetString("to");
        string? instruments = line.GetString("instruments");
        string? config = line.GetString("config");
        string? rowGroupText = line.GetString("row-group-rows");
        line.RejectUnknownOptions();
        if (!Directory.Exists(directory))
        {
            throw new CommandLineException($"journal directory '{directory}' does not exist");
        }

        int rowGroupRows = ParquetExportOptions.DefaultRowGroupRows;
        if (rowGroupText is not null && (!int.TryParse(rowGroupText, NumberStyles.None, CultureInfo.InvariantCulture, out rowGroupRows) || rowGroupRows < 1))
        {
            throw new CommandLineException($"--row-group-rows must be a positive integer, got '{rowGroupText}'");
        }

        FeedHostOptions? loaded = config is null ? null : ConfigurationLoader.Load(config, requireFeeds: false);
        var processing = loaded?.Processing ?? new ProcessingOptions();
        ParquetExportOptions options;
        try
        {
            options = new ParquetExportOptions
            {
                JournalDirectory = directory,
                OutDirectory = outDirectory,
                FromTimeNs = from is null ? null : ReplayArguments.ParseTime(from),
                ToTimeNs = to is null ? null : ReplayArguments.ParseTime(to),
                Instruments = instruments is null ? null : [.. InstrumentNameList.Parse(instruments, loaded?.DataDirectory ?? new FeedHostOptions().DataDirectory)],
                RowGroupRows = rowGroupRows,
                Bars = processing.ToBarOptions(),
                Books = processing.ToBookOptions(),
                Indicators = processing.HasIndicators ? processing.ToIndicatorOptions() : null,
            };
        }
        catch (FormatException exception)
        {
            throw new CommandLineException(exception.Message);
        }

        var result = ParquetExporter.Export(options);
        foreach ((string table, long rows) in result.Rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table}: {rows} rows"));
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{result.Files.Count} files under {outDirectory}; {result.UnrepresentableRows} rows skipped (more decimals than the column's DECIMAL scale); {result.JournalIssues} journal problem(s)"));
        return result.JournalIssues > 0 ? 1 : 0;
    }
}
