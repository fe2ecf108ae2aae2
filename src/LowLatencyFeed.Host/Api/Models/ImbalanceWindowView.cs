namespace LowLatencyFeed.Host.Api.Models;

/// <summary>Imbalance over the best <paramref name="Depth"/> levels per side (0 = all).</summary>
public sealed record ImbalanceWindowView(int Depth, decimal BidQuantity, decimal AskQuantity, double Imbalance);
