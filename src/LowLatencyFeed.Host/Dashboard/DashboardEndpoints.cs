using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace LowLatencyFeed.Host.Dashboard;

/// <summary>
/// Serves the dashboard: <c>/</c> is <c>index.html</c>, <c>/ui/{path}</c> the other files. The URLs carry no content
/// hash (modules import each other by plain names, there is no build step to rename them), so every response says
/// <c>Cache-Control: no-cache</c> with a strong ETag: the browser keeps its copy and revalidates it, and gets a 304
/// without the body until the host ships different files.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Path prefix of the dashboard's assets.</summary>
    public const string AssetPrefix = "/ui";

    // The dashboard talks only to its own host (API and stream); nothing inline, nothing from elsewhere.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

    /// <summary>Whether <paramref name="path"/> belongs to the dashboard (it moves with the API to <c>Api:Url</c>).</summary>
    public static bool IsDashboardPath(PathString path) =>
        path == "/" || path.StartsWithSegments(AssetPrefix, StringComparison.Ordinal);

    /// <summary>Maps <c>/</c> and <c>/ui/{**path}</c>.</summary>
    public static void Map(IEndpointRouteBuilder app, DashboardFiles files)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(files);
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", methods, (HttpContext context) => Serve(context, files, "index.html")).ExcludeFromDescription();
        app.MapMethods(AssetPrefix + "/{**path}", methods, (HttpContext context, string path) => Serve(context, files, path)).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext context, DashboardFiles files, string path)
    {
        if (files.Find(path) is not { } file)
        {
            return Results.Problem($"The dashboard has no file '{path}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        IHeaderDictionary headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        headers.XContentTypeOptions = "nosniff";
        if (file.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        if (context.Request.Headers.IfNoneMatch.Any(tag => tag is not null && (tag.Contains(file.ETag, StringComparison.Ordinal) || tag == "*")))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(file.Content, file.ContentType);
    }
}
