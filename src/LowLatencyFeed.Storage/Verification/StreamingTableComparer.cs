using System.Globalization;
using Npgsql;

namespace LowLatencyFeed.Storage.Verification;

/// <summary>
/// One table's database == journal comparison in bounded memory: the expected rows are pushed in ascending <c>seq</c>
/// order (the journal's order), the stored rows are read over this comparer's own connection <c>ORDER BY seq</c>, and the
/// two are merged one <c>seq</c> at a time (<see cref="TableComparer"/>). Only one sequence's rows are held on each
/// side, whatever the table's size.
/// </summary>
internal sealed class StreamingTableComparer : IDisposable
{
    private readonly TableComparer _comparer;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _command;
    private readonly NpgsqlDataReader _reader;
    private readonly object?[] _values;
    private readonly List<string> _expected = [];
    private readonly List<string> _actual = [];
    private long _group = long.MinValue;
    private string? _nextStored;
    private long _nextStoredSeq = long.MaxValue;

    /// <summary>Opens a connection and starts reading <paramref name="selectSql"/> (its first column <c>seq</c>) ordered by it.</summary>
    public StreamingTableComparer(string connectionString, string table, string selectSql)
    {
        _comparer = new TableComparer(table);
        _connection = new NpgsqlConnection(connectionString);
        _connection.Open();
        using (var settings = new NpgsqlCommand("SET work_mem = '64MB'", _connection))
        {
            settings.ExecuteNonQuery();
        }

        _command = new NpgsqlCommand(selectSql + " ORDER BY seq", _connection) { CommandTimeout = 0 };
        _reader = _command.ExecuteReader();
        _values = new object?[_reader.FieldCount];
        ReadStored();
    }

    /// <summary>The next expected row; rows come in ascending <c>seq</c> (several per <c>seq</c> allowed).</summary>
    public void Add(string row)
    {
        long seq = Seq(row);
        if (_expected.Count > 0 && seq != _group)
        {
            if (seq < _group)
            {
                throw new InvalidOperationException($"expected rows out of sequence order: {seq} after {_group}");
            }

            CloseGroup();
        }

        _group = seq;
        _expected.Add(row);
    }

    /// <summary>Compares what is left on both sides and returns the table's comparison.</summary>
    public TableComparison Finish()
    {
        if (_expected.Count > 0)
        {
            CloseGroup();
        }

        CompareStoredBefore(long.MaxValue);
        return _comparer.Result();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _command.Dispose();
        _connection.Dispose();
    }

    private void CloseGroup()
    {
        CompareStoredBefore(_group);
        while (_nextStored is not null && _nextStoredSeq == _group)
        {
            _actual.Add(_nextStored);
            ReadStored();
        }

        _comparer.Compare(_expected, _actual);
        _expected.Clear();
        _actual.Clear();
    }

    /// <summary>Stored rows of sequences below <paramref name="bound"/> that the journal implies nothing for, one sequence at a time.</summary>
    private void CompareStoredBefore(long bound)
    {
        while (_nextStored is not null && _nextStoredSeq < bound)
        {
            long seq = _nextStoredSeq;
            while (_nextStored is not null && _nextStoredSeq == seq)
            {
                _actual.Add(_nextStored);
                ReadStored();
            }

            _comparer.Compare([], _actual);
            _actual.Clear();
        }
    }

    private void ReadStored()
    {
        if (!_reader.Read())
        {
            _nextStored = null;
            _nextStoredSeq = long.MaxValue;
            return;
        }

        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = _reader.IsDBNull(i) ? null : _reader.GetValue(i);
        }

        _nextStored = DatabaseRows.Row(_values);
        _nextStoredSeq = Seq(_nextStored);
    }

    private static long Seq(string row)
    {
        int end = row.IndexOf('|');
        return long.Parse(row.AsSpan(0, end < 0 ? row.Length : end), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }
}
