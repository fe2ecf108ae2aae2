namespace LowLatencyFeed.Host.Api.Models;

/// <summary>Why a request failed, before it becomes an <c>application/problem+json</c> response.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Title">Short, fixed summary of the kind of problem.</param>
/// <param name="Detail">What exactly was wrong.</param>
/// <param name="Parameter">The query or route parameter at fault, when one is.</param>
public sealed record ApiError(int Status, string Title, string Detail, string? Parameter = null);
