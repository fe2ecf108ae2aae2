using System.Globalization;

namespace LowLatencyFeed.Host.Cli;

/// <summary>
/// A verb (one or two words) followed by <c>--name value</c> options, <c>--flag</c> switches and positional arguments.
/// Deliberately small: every verb declares the options it accepts, and anything else is a clear error.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);

    private CommandLine(string verb, List<string> positionals)
    {
        Verb = verb;
        Positionals = positionals;
    }

    /// <summary>The verb, e.g. "demo" or "journal inspect".</summary>
    public string Verb { get; }

    /// <summary>Arguments that are not options (e.g. the FILE of <c>decode</c>).</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Parses <paramref name="args"/>; <paramref name="twoWordVerbs"/> lists first words that take a sub-verb.</summary>
    /// <param name="optionalValues">Options whose value may be left out (<c>--parallel</c> alone): they take the next
    /// argument only when it is not another option, else the empty string.</param>
    public static CommandLine Parse(string[] args, IReadOnlySet<string> twoWordVerbs, IReadOnlySet<string> switches, IReadOnlySet<string>? optionalValues = null)
    {
        if (args.Length == 0)
        {
            return new CommandLine("", []);
        }

        int index = 0;
        string verb = args[index++];
        if (twoWordVerbs.Contains(verb) && index < args.Length && !args[index].StartsWith("--", StringComparison.Ordinal))
        {
            verb += " " + args[index++];
        }

        var positionals = new List<string>();
        var line = new CommandLine(verb, positionals);
        for (; index < args.Length; index++)
        {
            string arg = args[index];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positionals.Add(arg);
                continue;
            }

            string name = arg[2..];
            string? value = null;
            int equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (optionalValues is not null && optionalValues.Contains(name))
            {
                value = index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal) ? args[++index] : "";
            }
            else if (!switches.Contains(name))
            {
                if (index + 1 >= args.Length)
                {
                    throw new CommandLineException($"option --{name} needs a value");
                }

                value = args[++index];
            }

            if (!line._options.TryAdd(name, value))
            {
                throw new CommandLineException($"option --{name} is given twice");
            }
        }

        return line;
    }

    /// <summary>A string option, or <paramref name="defaultValue"/>.</summary>
    public string? GetString(string name, string? defaultValue = null)
    {
        _consumed.Add(name);
        return _options.TryGetValue(name, out string? value) ? value : defaultValue;
    }

    /// <summary>Whether a switch is present.</summary>
    public bool GetSwitch(string name)
    {
        _consumed.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>An integer option within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long GetInt64(string name, long defaultValue, long min = long.MinValue, long max = long.MaxValue)
    {
        string? text = GetString(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
        {
            throw new CommandLineException($"option --{name} must be an integer, got '{text}'");
        }

        if (value < min || value > max)
        {
            throw new CommandLineException($"option --{name} must be between {min} and {max}, got {value}");
        }

        return value;
    }

    /// <summary>Fails on options the verb did not read: a typo must not be silently ignored.</summary>
    public void RejectUnknownOptions()
    {
        foreach (string name in _options.Keys)
        {
            if (!_consumed.Contains(name))
            {
                throw new CommandLineException($"'{Verb}' does not take option --{name}");
            }
        }
    }
}
