using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LowLatencyFeed.Host.Api;

/// <summary>
/// The query parameters of <c>GET /api/stream</c> in the OpenAPI document. The endpoint reads the query itself (it
/// upgrades to a WebSocket before any binding), so they are described here rather than inferred from the handler:
/// every parameter <see cref="ApiEndpoints"/> reads for the stream is listed in <see cref="Parameters"/>.
/// </summary>
public static class StreamOpenApi
{
    /// <summary>The stream's query parameters: name, description, allowed values, default.</summary>
    public static IReadOnlyList<(string Name, string Description, string[] Values, string Default)> Parameters { get; } =
    [
        ("format", "Form of the data messages: json (one JSON text message each) or binary (the compact little-endian form of the README's \"Binary form\"); control messages stay JSON. A subscribe or replay request may switch it later. Any other value is 400 naming 'format'.", ["json", "binary"], "json"),
        ("batch", "true: several data messages per WebSocket message (binary: a batch of type 0 holding each message after its u32 length; JSON: one array of them), one socket send per batch (README, \"Batched messages\"). A subscribe request's 'batch' member may switch it later. Any other value is 400 naming 'batch'.", ["false", "true"], "false"),
    ];

    /// <summary>Adds <see cref="Parameters"/> to the endpoint's OpenAPI operation.</summary>
    public static TBuilder WithStreamParameters<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, cancellationToken) =>
        {
            operation.Parameters ??= [];
            foreach ((string name, string description, string[] values, string fallback) in Parameters)
            {
                var schema = new OpenApiSchema { Type = JsonSchemaType.String, Default = JsonValue.Create(fallback), Enum = [] };
                foreach (string value in values)
                {
                    schema.Enum.Add(JsonValue.Create(value));
                }

                operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Required = false, Description = description, Schema = schema });
            }

            return Task.CompletedTask;
        });
}
