using System.Runtime.CompilerServices;
using LowLatencyFeed.Core.Events;

namespace LowLatencyFeed.Processing.Books;

/// <summary>
/// One side of a book: up to <see cref="MaxLevels"/> levels sorted best first in a preallocated array, plus running
/// quantity sums over the configured top-K windows. A level change costs a binary search, a memmove of the levels
/// behind it and O(windows) sum updates — never a rescan of the side.
/// </summary>
/// <typeparam name="TOrder">Bid or ask ordering.</typeparam>
internal sealed class BookSide<TOrder>
    where TOrder : struct, IPriceOrder
{
    private readonly DepthLevel[] _levels;
    private readonly int[] _depths;      // per window: levels in the window, clamped to MaxLevels; 0 = all levels (the total)
    private readonly long[] _windowSums;
    private readonly int _max;
    private int _count;
    private long _total;

    public BookSide(int maxLevels, int[] windowDepths)
    {
        _max = maxLevels;
        _levels = new DepthLevel[maxLevels];
        _depths = new int[windowDepths.Length];
        for (int i = 0; i < windowDepths.Length; i++)
        {
            _depths[i] = windowDepths[i] == 0 ? 0 : Math.Min(windowDepths[i], maxLevels);
        }

        _windowSums = new long[windowDepths.Length];
    }

    public int MaxLevels => _max;

    public int Count => _count;

    public ReadOnlySpan<DepthLevel> Levels => new(_levels, 0, _count);

    public long Total => _total;

    public long BestPrice => _count > 0 ? _levels[0].Price : 0;

    public long BestQuantity => _count > 0 ? _levels[0].Quantity : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WindowSum(int window) => _depths[window] == 0 ? _total : _windowSums[window];

    public void Clear()
    {
        Array.Clear(_levels, 0, _count);
        _count = 0;
        _total = 0;
        Array.Clear(_windowSums);
    }

    /// <summary>Replaces the side with <paramref name="source"/> (best first). Zero quantities are empty slots and skipped.</summary>
    public void Replace(ReadOnlySpan<DepthLevel> source, ref BookUpdateResult result)
    {
        Array.Clear(_levels, 0, _count);
        _count = 0;
        for (int i = 0; i < source.Length; i++)
        {
            ref readonly DepthLevel level = ref source[i];
            if (level.Quantity <= 0)
            {
                if (level.Quantity < 0)
                {
                    result.Inconsistent++;
                }

                continue;
            }

            if (_count == 0 || TOrder.IsBetter(_levels[_count - 1].Price, level.Price))
            {
                if (_count == _max)
                {
                    result.Truncated++;
                    continue;
                }

                _levels[_count++] = level;
                continue;
            }

            // Out of order or a repeated price: sort it in (last wins) and report it.
            result.Inconsistent++;
            int position = Search(level.Price, out bool found);
            if (found)
            {
                _levels[position] = level;
            }
            else if (position < _max)
            {
                if (_count == _max)
                {
                    result.Truncated++;
                }

                int move = (_count == _max ? _max - 1 : _count) - position;
                Array.Copy(_levels, position, _levels, position + 1, move);
                _levels[position] = level;
                if (_count < _max)
                {
                    _count++;
                }
            }
            else
            {
                result.Truncated++;
            }
        }

        RecomputeSums();
    }

    /// <summary>Sets the absolute quantity at <paramref name="price"/>; 0 removes the level.</summary>
    public void Set(long price, long quantity, int orders, ref BookUpdateResult result)
    {
        if (quantity < 0)
        {
            result.Inconsistent++;
            return;
        }

        int position = Search(price, out bool found);
        if (found)
        {
            if (quantity == 0)
            {
                RemoveAt(position);
                return;
            }

            ref DepthLevel level = ref _levels[position];
            long delta = quantity - level.Quantity;
            level.Quantity = quantity;
            level.Orders = orders;
            if (delta != 0)
            {
                _total += delta;
                for (int w = 0; w < _depths.Length; w++)
                {
                    if (position < _depths[w])
                    {
                        _windowSums[w] += delta;
                    }
                }
            }

            return;
        }

        if (quantity == 0)
        {
            // Removing a level we do not hold (already gone, or beyond our depth): nothing to do.
            return;
        }

        if (position >= _max)
        {
            result.Truncated++;
            return;
        }

        InsertAt(position, new DepthLevel(price, quantity, orders), ref result);
    }

    /// <summary>Full recomputation of the sums (snapshots, and the reference the incremental path is tested against).</summary>
    public void RecomputeSums()
    {
        long running = 0;
        long total = 0;
        for (int i = 0; i < _count; i++)
        {
            total += _levels[i].Quantity;
        }

        _total = total;
        for (int w = 0; w < _depths.Length; w++)
        {
            int depth = Math.Min(_depths[w], _count);
            running = 0;
            for (int i = 0; i < depth; i++)
            {
                running += _levels[i].Quantity;
            }

            _windowSums[w] = running;
        }
    }

    private void InsertAt(int position, DepthLevel level, ref BookUpdateResult result)
    {
        bool full = _count == _max;
        for (int w = 0; w < _depths.Length; w++)
        {
            int depth = _depths[w];
            if (position < depth)
            {
                // The new level enters the window; the window's last level (if any) is pushed out of it.
                _windowSums[w] += level.Quantity;
                if (_count >= depth)
                {
                    _windowSums[w] -= _levels[depth - 1].Quantity;
                }
            }
        }

        _total += level.Quantity;
        if (full)
        {
            _total -= _levels[_max - 1].Quantity;
            result.Truncated++;
        }

        int move = (full ? _max - 1 : _count) - position;
        if (move > 0)
        {
            Array.Copy(_levels, position, _levels, position + 1, move);
        }

        _levels[position] = level;
        if (!full)
        {
            _count++;
        }
    }

    private void RemoveAt(int position)
    {
        long quantity = _levels[position].Quantity;
        for (int w = 0; w < _depths.Length; w++)
        {
            int depth = _depths[w];
            if (position < depth)
            {
                // The level leaves the window; the first level behind the window (if any) moves into it.
                _windowSums[w] -= quantity;
                if (_count > depth)
                {
                    _windowSums[w] += _levels[depth].Quantity;
                }
            }
        }

        _total -= quantity;
        int move = _count - position - 1;
        if (move > 0)
        {
            Array.Copy(_levels, position + 1, _levels, position, move);
        }

        _count--;
        _levels[_count] = default;
    }

    /// <summary>Index of <paramref name="price"/>, or where it would be inserted (first level not better than it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Search(long price, out bool found)
    {
        int low = 0;
        int high = _count;
        DepthLevel[] levels = _levels;
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (TOrder.IsBetter(levels[mid].Price, price))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        found = low < _count && levels[low].Price == price;
        return low;
    }
}
