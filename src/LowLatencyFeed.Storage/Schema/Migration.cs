namespace LowLatencyFeed.Storage.Schema;

/// <summary>One versioned migration file (<c>V001__name.sql</c>).</summary>
/// <param name="Version">The number after V.</param>
/// <param name="Name">The part after the double underscore.</param>
/// <param name="Script">The file's text, with flavour blocks not yet resolved.</param>
/// <param name="Checksum">SHA-256 of <paramref name="Script"/>, hex, recorded when applied.</param>
public sealed record Migration(int Version, string Name, string Script, string Checksum)
{
    /// <summary>The SQL to run for <paramref name="flavor"/>.</summary>
    public string SqlFor(SchemaFlavor flavor) => MigrationScript.Resolve(Script, flavor);
}
