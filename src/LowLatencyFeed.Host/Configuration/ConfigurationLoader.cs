using Microsoft.Extensions.Configuration;

namespace LowLatencyFeed.Host.Configuration;

/// <summary>Loads <see cref="FeedHostOptions"/> from a JSON file plus <c>LLFEED__</c> environment overrides (LLFEED__Ring__Capacity=...), and validates it.</summary>
public static class ConfigurationLoader
{
    /// <summary>Loads and validates; throws <see cref="ConfigurationException"/> listing every problem.</summary>
    public static FeedHostOptions Load(string path, bool requireFeeds)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"config file '{path}' does not exist");
        }

        FeedHostOptions? options;
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false)
                .AddEnvironmentVariables("LLFEED__")
                .Build();
            options = configuration.Get<FeedHostOptions>(binder => binder.ErrorOnUnknownConfiguration = true);
            if (options is not null)
            {
                ReplaceDefaultLists(configuration, options);
            }
        }
        catch (InvalidDataException exception)
        {
            throw new ConfigurationException($"config file '{path}' is not valid JSON: {exception.Message}");
        }
        catch (FormatException exception)
        {
            throw new ConfigurationException($"config file '{path}' is not valid JSON: {exception.Message}");
        }
        catch (InvalidOperationException exception)
        {
            throw new ConfigurationException($"config file '{path}': {exception.Message}");
        }

        options ??= new FeedHostOptions();
        if (!string.IsNullOrEmpty(options.Pinning.CoreMapFile))
        {
            options.Pinning = LoadCoreMap(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, options.Pinning.CoreMapFile));
        }

        var errors = new List<string>();
        if (!options.InstrumentMasters.SyncOnStart)
        {
            // With SyncOnStart the host resolves names after downloading today's masters (InstrumentMasterService).
            InstrumentNameResolver.Resolve(options, InstrumentNameResolver.FromCache(options.DataDirectory), DateOnly.FromDateTime(DateTime.UtcNow.AddMinutes(330)), errors);
        }

        errors.AddRange(FeedHostOptionsValidator.Validate(options, requireFeeds));
        if (errors.Count > 0)
        {
            throw new ConfigurationException($"config file '{path}' has {errors.Count} problem(s):{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors)}");
        }

        return options;
    }

    /// <summary>
    /// The binder appends a configured list to the list a property starts with, so "Timeframes": ["1m"] would give the
    /// seven default timeframes plus a second 1m. A list the configuration names replaces its default instead.
    /// </summary>
    private static void ReplaceDefaultLists(IConfiguration configuration, FeedHostOptions options)
    {
        Replace(configuration.GetSection("Processing:Timeframes"), options.Processing.Timeframes);
        Replace(configuration.GetSection("Processing:ImbalanceDepths"), options.Processing.ImbalanceDepths);
        Replace(configuration.GetSection("Processing:Scoring:ReturnHorizons"), options.Processing.Scoring.ReturnHorizons);

        static void Replace<T>(IConfigurationSection section, List<T> list)
        {
            if (section.Exists())
            {
                list.Clear();
                list.AddRange(section.Get<List<T>>() ?? []);
            }
        }
    }

    /// <summary>Reads the "Pinning" section of a core map file.</summary>
    public static PinningOptions LoadCoreMap(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"core map file '{path}' does not exist");
        }

        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
            var pinning = configuration.GetSection("Pinning").Get<PinningOptions>() ?? new PinningOptions();
            pinning.CoreMapFile = null;
            return pinning;
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new ConfigurationException($"core map file '{path}' is not valid: {exception.Message}");
        }
    }
}
