namespace LowLatencyFeed.Ring.Dsl;

/// <summary>Consumers added together; <see cref="Then"/> adds consumers that only see what all of these finished.</summary>
public sealed class HandlerGroup<T>
    where T : struct
{
    private readonly Pipeline<T> _pipeline;
    private readonly ConsumerSpec<T>[] _members;

    internal HandlerGroup(Pipeline<T> pipeline, ConsumerSpec<T>[] members)
    {
        _pipeline = pipeline;
        _members = members;
    }

    /// <summary>Adds consumers gated by every member of this group.</summary>
    public HandlerGroup<T> Then(params ConsumerSpec<T>[] consumers) => _pipeline.Add(consumers, _members);

    /// <summary>This group plus <paramref name="other"/>, so a later <see cref="Then"/> waits for both.</summary>
    public HandlerGroup<T> And(HandlerGroup<T> other) => new(_pipeline, [.. _members, .. other._members]);
}
