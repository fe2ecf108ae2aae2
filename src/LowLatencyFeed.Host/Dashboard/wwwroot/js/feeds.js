// Feeds page: every feed connection, the ring stages, the database and the journal, from the stream's `status`
// channel (the host pushes it about once a second; nothing here polls).
import { formatNumber } from './frames.js';

export function feedsPage(root, stream) {
  root.innerHTML = `
    <h2>Feeds</h2>
    <p class="muted" id="status-time">Waiting for the first status message…</p>
    <div class="panel"><table id="feeds">
      <thead><tr><th class="text">connection</th><th class="text">protocol</th><th class="text">state</th><th>msgs/s</th><th>events/s</th>
      <th>messages</th><th>events</th><th class="text">parse errors by reason</th><th>reconnects</th><th>stale</th><th>last frame</th><th>dropped</th><th class="text">limit</th></tr></thead>
      <tbody></tbody></table></div>
    <div class="row">
      <div class="panel grow"><h3>Ring stages</h3><table id="stages"><thead><tr><th class="text">stage</th><th class="text">ring</th><th>lag</th><th>events</th></tr></thead><tbody></tbody></table></div>
      <div class="panel grow"><h3>Database <span id="db-mode" class="pill"></span></h3><table id="tables"><thead><tr><th class="text">table</th><th class="text">state</th><th>rows/s</th><th>rows</th><th>deferred rows</th><th>failures</th><th>checkpoint</th></tr></thead><tbody></tbody></table>
        <p id="db-error" class="muted"></p></div>
    </div>
    <div class="panel"><h3>Journal and stream</h3><div class="kv" id="journal"></div></div>`;
  const off = stream.on('status', message => render(root, message));
  stream.subscribe({ channels: ['status'], instruments: [] });
  return () => off();
}

function cells(row, values) {
  row.replaceChildren(...values.map(([text, className]) => {
    const cell = document.createElement('td');
    cell.textContent = text;
    if (className) {
      cell.className = className;
    }
    return cell;
  }));
}

function render(root, message) {
  const { status, feeds, tableRowsPerSecond } = message;
  root.querySelector('#status-time').textContent = `Host ${status.status} at ${new Date(status.time).toISOString().replace('T', ' ').slice(0, 19)} UTC · ring sequence ${status.engine.sequence} · ${status.engine.feedsConnected}/${status.engine.feeds} feeds connected${status.engine.haltReason ? ` · HALTED: ${status.engine.haltReason}` : ''}`;
  const feedBody = root.querySelector('#feeds tbody');
  feedBody.replaceChildren(...feeds.map(feed => {
    const row = document.createElement('tr');
    row.dataset.feed = feed.name;
    const errors = Object.entries(feed.errorsByReason ?? {}).map(([reason, count]) => `${reason} ${count}`).join(', ') || '0';
    const limit = feed.limitPerConnection ? `${feed.limitUsed}/${feed.limitPerConnection} ${feed.limitUnit} (${feed.limitPerConnection - feed.limitUsed} left)` : `${feed.limitUsed} ${feed.limitUnit}`;
    cells(row, [
      [feed.name, 'text'], [feed.protocol, 'text'], [feed.state, `text state-${feed.state}`],
      [formatNumber(feed.messagesPerSecond, 0), 'msgs-rate'], [formatNumber(feed.eventsPerSecond, 0), 'events-rate'],
      [formatNumber(feed.messages, 0), 'messages'], [formatNumber(feed.events, 0)], [errors, 'text'], [String(feed.reconnects)],
      [String(feed.staleTimeouts)], [feed.lastFrameAgeMilliseconds === null ? '—' : `${formatNumber(feed.lastFrameAgeMilliseconds / 1000, 1)} s ago`],
      [formatNumber(feed.dropped, 0)], [limit, 'text'],
    ]);
    return row;
  }));
  root.querySelector('#stages tbody').replaceChildren(...status.stages.map(stage => {
    const row = document.createElement('tr');
    row.dataset.stage = stage.name;
    cells(row, [[stage.name + (stage.standIn ? ' (counting only)' : ''), 'text'], [stage.ring, 'text'], [formatNumber(stage.lag, 0), 'lag'], [formatNumber(stage.events, 0)]]);
    return row;
  }));
  root.querySelector('#db-mode').textContent = status.database.mode;
  root.querySelector('#db-error').textContent = status.database.lastError ? `Last error: ${status.database.lastError}` : status.database.description;
  root.querySelector('#tables tbody').replaceChildren(...status.database.tables.map(table => {
    const row = document.createElement('tr');
    cells(row, [[table.name, 'text'], [table.state, 'text'], [formatNumber(tableRowsPerSecond?.[table.name] ?? 0, 0)], [formatNumber(table.rows, 0)],
      [formatNumber(table.deferredRows, 0)], [String(table.failures)], [String(table.checkpoint)]]);
    return row;
  }));
  const journal = status.journal;
  const kv = [
    ['journal last / written / durable', `${journal.lastSequence} / ${journal.lastWrittenSequence} / ${journal.lastDurableSequence}`],
    ['journal events written', formatNumber(journal.eventsWritten, 0)],
    ['journal bytes (compression)', `${formatNumber(journal.storedBytes, 0)} (${formatNumber(journal.compressionRatio, 2)}x)`],
    ['stream clients', String(status.stream.clients)],
    ['slow clients disconnected', String(status.stream.slowDisconnects)],
  ];
  root.querySelector('#journal').replaceChildren(...kv.flatMap(([k, v]) => {
    const key = document.createElement('span');
    key.textContent = k;
    const value = document.createElement('span');
    value.textContent = v;
    return [key, value];
  }));
}
