// Replay page: a journal time range and instruments played over the stream (the host's fresh bar and book engines,
// never the live ring) at a chosen speed, into the same views as the live instrument page.
import { api } from './api.js';
import { clearError, reportError, showError } from './errors.js';
import { InstrumentView, timeframes } from './instrument-view.js';
import { maxDepthLevels } from './instrument.js';

export function replayPage(root, stream) {
  stream.subscribe({ channels: [], instruments: [] });
  const now = new Date();
  const iso = date => date.toISOString().slice(0, 19) + 'Z';
  root.innerHTML = `
    <h2>Replay</h2>
    <form class="form panel" id="replay-form">
      <label for="from">from</label><input id="from" size="22">
      <label for="to">to</label><input id="to" size="22">
      <label for="instruments">instruments</label><input id="instruments" size="30" placeholder="Kite:408065, Dhan:1333">
      <label for="speed">speed</label><select id="speed"><option>max</option><option>1x</option><option selected>10x</option><option>100x</option></select>
      <label for="timeframe">bars</label><select id="timeframe">${Object.keys(timeframes).map(tf => `<option>${tf}</option>`).join('')}</select>
      <button class="primary" type="submit" id="play">Play</button>
    </form>
    <p id="progress" class="muted">Times are UTC (ISO 8601) or Unix milliseconds; the journal holds what this host received.</p>
    <div id="view"></div>`;
  root.querySelector('#from').value = iso(new Date(now - 10 * 60000));
  root.querySelector('#to').value = iso(now);
  api('/api/instruments?limit=1').then(list => {
    if (list.length && !root.querySelector('#instruments').value) {
      root.querySelector('#instruments').value = list[0].id;
    }
  }).catch(() => {});

  const view = new InstrumentView(root.querySelector('#view'));
  const progress = root.querySelector('#progress');
  let running = false;
  let received = 0;
  let lastTime = '';
  const offMessage = stream.on('*', message => {
    if (!running) {
      return;
    }
    if (message.type === 'end') {
      running = false;
      progress.textContent = `Replay ended: ${message.events} events, ${message.total} messages in ${message.elapsedMs} ms${message.journalIssues ? `, ${message.journalIssues} journal issue(s)` : ''}.`;
      progress.dataset.state = 'ended';
      progress.dataset.total = String(message.total);
      return;
    }
    if (message.type === 'error') {
      running = false;
      progress.textContent = 'Replay refused (see above).';
      return;
    }
    if (message.instrument) {
      received++;
      lastTime = message.time ?? lastTime;
      view.handle(message);
      if (received % 200 === 0) {
        progress.textContent = `Replaying… ${received} messages, at ${lastTime}`;
      }
    }
  });
  const offClose = stream.on('close', () => {
    if (running) {
      running = false;
      showError('replay', 'The stream connection dropped during the replay: it was cancelled on the host. Press Play to start it again.');
    }
  });

  root.querySelector('#replay-form').addEventListener('submit', event => {
    event.preventDefault();
    const instruments = root.querySelector('#instruments').value.split(',').map(s => s.trim()).filter(Boolean);
    if (instruments.length === 0) {
      showError('replay', 'Name at least one instrument to replay.');
      return;
    }
    clearError('replay');
    const timeframe = root.querySelector('#timeframe').value;
    view.reset(instruments[0], timeframe);
    const time = text => (/^\d+$/.test(text) ? Number(text) : text);
    const request = {
      replay: {
        from: time(root.querySelector('#from').value.trim()),
        to: time(root.querySelector('#to').value.trim()),
        speed: root.querySelector('#speed').value,
        instruments,
        channels: view.channels(),
        depthLevels: maxDepthLevels,
      },
    };
    received = 0;
    running = stream.send(request);
    progress.dataset.state = running ? 'running' : 'not-sent';
    progress.textContent = running ? 'Replay requested…' : 'The stream is not connected; wait for it to reconnect.';
    if (!running) {
      reportError('replay', new Error('The stream is not connected.'));
    }
  });
  return () => {
    offMessage();
    offClose();
  };
}
