using LowLatencyFeed.Host.Cli;
using LowLatencyFeed.Protocols.Decoding;

namespace LowLatencyFeed.Host.Commands;

/// <summary>
/// <c>llfeed decode --protocol P FILE [--hex]</c>: prints every packet of a capture as a JSON line with every field,
/// and every malformed part as a JSON error line with its offset and a hex excerpt.
/// </summary>
public static class DecodeCommand
{
    /// <summary>Exit code 0 when the capture decoded cleanly, 1 when it had errors, 2 for usage errors.</summary>
    public static async Task<int> RunAsync(CommandLine line, TextWriter output)
    {
        string protocol = line.GetString("protocol") ?? throw new CommandLineException("decode needs --protocol (kite, dhan, dhan-depth, dhan-depth20, dhan-depth200, binance, kotak, kotak-hsm)");
        bool hex = line.GetSwitch("hex");
        line.RejectUnknownOptions();
        if (line.Positionals.Count != 1)
        {
            throw new CommandLineException("decode needs exactly one FILE (use - for standard input)");
        }

        string file = line.Positionals[0];
        if (file != "-" && !File.Exists(file))
        {
            throw new CommandLineException($"capture file '{file}' does not exist");
        }

        await using var input = file == "-" ? Console.OpenStandardInput() : File.OpenRead(file);
        int result = PacketDecoder.Run(protocol, input, hex, output);
        if (result == 2)
        {
            throw new CommandLineException($"unknown protocol '{protocol}'");
        }

        return result;
    }
}
