using LowLatencyFeed.Storage.Connection;
using Npgsql;

namespace LowLatencyFeed.Storage.Tests.Connection;

public sealed class ConnectionStringResolverTests
{
    [Fact]
    public void Configured_string_wins_over_DATABASE_URL()
    {
        string? cs = ConnectionStringResolver.Resolve("Host=db1;Database=feed;Username=u", _ => "postgres://x:y@db2/other");
        var b = new NpgsqlConnectionStringBuilder(cs);
        Assert.Equal("db1", b.Host);
        Assert.Equal("feed", b.Database);
    }

    [Fact]
    public void DATABASE_URL_is_used_when_nothing_is_configured_and_decoded()
    {
        string? cs = ConnectionStringResolver.Resolve(null, name => name == "DATABASE_URL" ? "postgresql://feed%40ops:p%3Ass@10.1.2.3:6432/ticks_db?sslmode=disable&application_name=llfeed" : null);
        var b = new NpgsqlConnectionStringBuilder(cs);
        Assert.Equal("10.1.2.3", b.Host);
        Assert.Equal(6432, b.Port);
        Assert.Equal("feed@ops", b.Username);
        Assert.Equal("p:ss", b.Password);
        Assert.Equal("ticks_db", b.Database);
        Assert.Equal(SslMode.Disable, b.SslMode);
        Assert.Equal("llfeed", b.ApplicationName);
    }

    [Fact]
    public void Url_without_port_uses_5432()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionStringResolver.Normalize("postgres://u@localhost/db"));
        Assert.Equal(5432, b.Port);
        Assert.Equal("u", b.Username);
        Assert.Null(b.Password);
    }

    [Fact]
    public void Nothing_configured_gives_null()
    {
        Assert.Null(ConnectionStringResolver.Resolve("  ", _ => null));
        Assert.Null(ConnectionStringResolver.Resolve(null, _ => ""));
    }

    [Fact]
    public void Unparsable_values_name_their_source()
    {
        var fromConfig = Assert.Throws<FormatException>(() => ConnectionStringResolver.Resolve("Hots=x;;Nonsense", _ => null));
        Assert.Contains("configuration", fromConfig.Message, StringComparison.Ordinal);
        var fromUrl = Assert.Throws<FormatException>(() => ConnectionStringResolver.Resolve(null, _ => "postgres://"));
        Assert.Contains("DATABASE_URL", fromUrl.Message, StringComparison.Ordinal);
    }
}
