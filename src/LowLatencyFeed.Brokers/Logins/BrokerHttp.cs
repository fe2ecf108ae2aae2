using System.Text.Json;
using LowLatencyFeed.Brokers.Instruments;
using LowLatencyFeed.Brokers.Masters;

namespace LowLatencyFeed.Brokers.Logins;

/// <summary>Sends a login request and returns its JSON, or throws a <see cref="LoginException"/> in the broker's words.</summary>
internal static class BrokerHttp
{
    public static async Task<JsonDocument> SendAsync(HttpClient http, HttpRequestMessage request, BrokerKind broker, string step, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new LoginException($"{broker} login ({step}): cannot reach {request.RequestUri?.GetLeftPart(UriPartial.Path)}: {exception.Message}", exception);
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new LoginException($"{broker} login ({step}) refused: {BrokerErrors.Describe(broker, (int)response.StatusCode, body)}");
            }

            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException exception)
            {
                throw new LoginException($"{broker} login ({step}): the reply is not JSON", exception);
            }
        }
    }

    public static string RequireString(JsonElement element, string name, BrokerKind broker, string step) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new LoginException($"{broker} login ({step}): the reply has no '{name}' (format changed upstream?)");
}
