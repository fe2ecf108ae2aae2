using Microsoft.AspNetCore.Http;

namespace LowLatencyFeed.Simulator;

/// <summary>
/// Implemented by a <see cref="ISimulatedFeed"/> that also serves plain HTTP routes on the simulator's port (Binance's
/// REST depth snapshot). The server offers every non-WebSocket request to each such feed before its own routing.
/// </summary>
public interface ISimulatedHttpEndpoint
{
    /// <summary>Answers <paramref name="context"/> when it is one of this feed's routes; false leaves it to the server.</summary>
    Task<bool> TryHandleHttpAsync(HttpContext context);
}
