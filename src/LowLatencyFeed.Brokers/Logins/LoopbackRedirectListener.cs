using System.Net;
using System.Text;

namespace LowLatencyFeed.Brokers.Logins;

/// <summary>
/// The loopback page a broker's login redirects to (Kite's registered redirect URL, Dhan's consent redirect): waits for
/// one request carrying <c>parameter</c> (<c>request_token</c>, <c>tokenId</c>) and answers the browser with a short
/// page. Listens on 127.0.0.1 only.
/// </summary>
public sealed class LoopbackRedirectListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _parameter;

    /// <summary>Listens on <c>http://127.0.0.1:port/path/</c>.</summary>
    public LoopbackRedirectListener(int port, string path, string parameter)
    {
        _parameter = parameter;
        Prefix = $"http://127.0.0.1:{port}/{path.Trim('/')}/";
        _listener.Prefixes.Add(Prefix);
        _listener.Start();
    }

    /// <summary>The redirect URL to register with the broker.</summary>
    public string Prefix { get; }

    /// <summary>The parameter's value from the first redirect that has it (and, for Kite, <c>status=success</c>).</summary>
    public async Task<string> WaitAsync(CancellationToken cancellationToken)
    {
        using CancellationTokenRegistration stop = cancellationToken.Register(_listener.Stop);
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("the login redirect did not arrive", exception, cancellationToken);
            }

            string? value = context.Request.QueryString[_parameter];
            string? status = context.Request.QueryString["status"];
            bool ok = !string.IsNullOrEmpty(value) && (status is null || status == "success");
            byte[] page = Encoding.UTF8.GetBytes(ok ? "Login received: you can close this tab." : $"This page expects ?{_parameter}=…; login not completed.");
            context.Response.StatusCode = ok ? 200 : 400;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(page, cancellationToken).ConfigureAwait(false);
            context.Response.Close();
            if (ok)
            {
                return value!;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => ((IDisposable)_listener).Dispose();
}
