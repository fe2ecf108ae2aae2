using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace LowLatencyFeed.Research.Scoring;

/// <summary>
/// The model file (<c>model.zip</c>): <c>manifest.json</c> (<see cref="ModelManifest"/>), <c>forest.json</c> (the
/// trees scored by <see cref="FlatForest"/>) and <c>mlnet.zip</c> (ML.NET's own model of the same trees, for ML.NET
/// tools and the benchmark's <c>PredictionEngine</c>).
/// </summary>
public static class ModelFile
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Serializes the trees; the version is derived from these bytes.</summary>
    public static byte[] ForestBytes(FlatForest forest) => JsonSerializer.SerializeToUtf8Bytes(
        new ForestDocument(forest.Classes, forest.FeatureCount, [.. forest.Bias], [.. forest.Trees]), s_json);

    public static string VersionOf(byte[] forestBytes) => Convert.ToHexString(SHA256.HashData(forestBytes), 0, 8).ToLowerInvariant();

    public static void Save(string path, ModelManifest manifest, byte[] forestBytes, Action<Stream> writeMlNetModel)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(writeMlNetModel);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        string temporary = path + ".tmp";
        using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
        {
            using (Stream entry = zip.CreateEntry("manifest.json").Open())
            {
                JsonSerializer.Serialize(entry, manifest, s_json);
            }

            using (Stream entry = zip.CreateEntry("forest.json").Open())
            {
                entry.Write(forestBytes);
            }

            using (Stream entry = zip.CreateEntry("mlnet.zip", CompressionLevel.NoCompression).Open())
            {
                writeMlNetModel(entry);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the manifest and the trees; a file that is not a model, or whose trees do not match its version, is refused.</summary>
    public static LoadedModel Load(string path)
    {
        if (!File.Exists(path))
        {
            ThrowHelper.ThrowInvalidData("Model file '{0}' does not exist.", path);
        }

        using var zip = ZipFile.OpenRead(path);
        ZipArchiveEntry? manifestEntry = zip.GetEntry("manifest.json");
        ZipArchiveEntry? forestEntry = zip.GetEntry("forest.json");
        if (manifestEntry is null || forestEntry is null)
        {
            ThrowHelper.ThrowInvalidData("'{0}' is not a model file: it lacks {1}.", path, manifestEntry is null ? "manifest.json" : "forest.json");
        }

        ModelManifest manifest;
        using (Stream stream = manifestEntry.Open())
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(stream, s_json) ?? throw new InvalidDataException(path + ": empty manifest");
        }

        if (manifest.Format != ModelManifest.CurrentFormat)
        {
            ThrowHelper.ThrowInvalidData("'{0}' has model format '{1}'; this host reads '{2}'.", path, manifest.Format, ModelManifest.CurrentFormat);
        }

        byte[] bytes;
        using (Stream stream = forestEntry.Open())
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }

        if (VersionOf(bytes) != manifest.Version)
        {
            ThrowHelper.ThrowInvalidData("'{0}': the trees do not match the manifest's version {1} (the file was altered).", path, manifest.Version);
        }

        ForestDocument document = JsonSerializer.Deserialize<ForestDocument>(bytes, s_json) ?? throw new InvalidDataException(path + ": empty forest");
        if (document.FeatureCount != manifest.FeatureNames.Length)
        {
            ThrowHelper.ThrowInvalidData("'{0}': the trees use {1} features, the manifest names {2}.", path, document.FeatureCount, manifest.FeatureNames.Length);
        }

        return new LoadedModel(manifest, new FlatForest(document.Classes, document.FeatureCount, document.Trees, document.Bias));
    }

    /// <summary>Opens ML.NET's model stored in the file (for ML.NET tools and the benchmark baseline).</summary>
    public static MemoryStream OpenMlNetModel(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        ZipArchiveEntry entry = zip.GetEntry("mlnet.zip") ?? throw new InvalidDataException(path + " holds no mlnet.zip");
        var copy = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        return copy;
    }

    private sealed record ForestDocument(int Classes, int FeatureCount, double[] Bias, ForestTree[] Trees);
}

/// <summary>A model read from its file.</summary>
public sealed record LoadedModel(ModelManifest Manifest, FlatForest Forest);
