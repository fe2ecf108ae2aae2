// Instrument page: history from /api/bars (the open bar included), then live from the stream.
import { api } from './api.js';
import { clearError, reportError } from './errors.js';
import { InstrumentView, timeframes } from './instrument-view.js';

export const maxDepthLevels = 200;

export function instrumentPage(root, stream, navigate, [id, query]) {
  const params = new URLSearchParams(query ?? '');
  const timeframe = timeframes[params.get('tf')] ? params.get('tf') : '1s';
  const instrument = id ? decodeURIComponent(id) : '';
  root.innerHTML = `
    <h2>Instrument <span id="instrument-name"></span></h2>
    <form class="form" id="pick">
      <input id="instrument" list="instrument-list" placeholder="Kite:408065 or a symbol" size="24">
      <datalist id="instrument-list"></datalist>
      <select id="timeframe">${Object.keys(timeframes).map(tf => `<option${tf === timeframe ? ' selected' : ''}>${tf}</option>`).join('')}</select>
      <button class="primary" type="submit">Show</button>
      <span id="history" class="muted"></span>
    </form>
    <div id="view"></div>`;
  root.querySelector('#instrument').value = instrument;
  root.querySelector('#pick').addEventListener('submit', event => {
    event.preventDefault();
    const picked = root.querySelector('#instrument').value.trim();
    navigate(`#/instrument/${encodeURIComponent(picked)}?tf=${root.querySelector('#timeframe').value}`);
  });
  api('/api/instruments?limit=500').then(list => {
    root.querySelector('#instrument-list').replaceChildren(...list.map(info => new Option(info.symbol ?? info.id, info.id)));
  }).catch(() => {});

  const view = new InstrumentView(root.querySelector('#view'));
  const off = stream.on('*', message => view.handle(message));
  if (!instrument) {
    stream.subscribe({ channels: [], instruments: [] });
    root.querySelector('#history').textContent = 'Pick an instrument.';
    return off;
  }

  let cancelled = false;
  (async () => {
    let info;
    try {
      info = await api(`/api/instruments/${encodeURIComponent(instrument)}`);
      clearError('instrument');
    } catch (error) {
      reportError('instrument', error);
      stream.subscribe({ channels: [], instruments: [] });
      return;
    }
    if (cancelled) {
      return;
    }
    root.querySelector('#instrument-name').textContent = `${info.id}${info.symbol ? ` · ${info.symbol}` : ''} · ${info.feed} · ${info.mode}`;
    view.reset(info.id, timeframe);
    stream.subscribe({ channels: view.channels(), instruments: [info.id], depthLevels: maxDepthLevels });
    try {
      const bars = await api(`/api/bars?instrument=${encodeURIComponent(info.id)}&timeframe=${timeframe}&limit=500`);
      if (!cancelled) {
        bars.forEach(bar => view.candles.upsertBar(bar));
        root.querySelector('#history').textContent = `${bars.length} bar(s) from history`;
        clearError('bars');
      }
    } catch (error) {
      // The live bars keep coming over the stream; the page says why the history is missing.
      reportError('bars', error);
      root.querySelector('#history').textContent = 'no history (see above); live bars only';
    }
    try {
      const signals = await api(`/api/signals?instrument=${encodeURIComponent(info.id)}&limit=500`);
      signals.forEach(signal => view.candles.addSignal(signal));
    } catch {
      // Already reported through the bars request when the database is the cause.
    }
  })();
  return () => {
    cancelled = true;
    off();
  };
}
