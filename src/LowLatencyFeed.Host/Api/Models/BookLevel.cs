namespace LowLatencyFeed.Host.Api.Models;

/// <summary>One price level (exact decimals).</summary>
public sealed record BookLevel(decimal Price, decimal Quantity, int Orders);
