// Instruments page: search the instruments (the loaded brokers' masters, else the configured ones), subscribe,
// unsubscribe and change mode on the live connection (operate key, asked once per tab), and how much of each
// connection's broker limit is left.
import { api, operateKey, setOperateKey } from './api.js';
import { clearError, reportError } from './errors.js';

const modes = {
  kite: ['Ltp', 'Quote', 'Full'],
  dhan: ['Ltp', 'Quote', 'Full'],
  'dhan-depth20': ['Depth20'],
  'dhan-depth200': ['Depth200'],
  kotak: ['Ltp', 'Quote', 'Full'],
  'kotak-hsm': ['Ltp', 'Quote', 'Full'],
  binance: ['Ltp', 'Quote', 'Full'],
};

export function instrumentsPage(root, stream, navigate) {
  stream.subscribe({ channels: [], instruments: [] });
  root.innerHTML = `
    <h2>Instruments</h2>
    <div class="panel form">
      <label for="operate-key">Operate key</label>
      <input id="operate-key" type="password" autocomplete="off" placeholder="needed to change subscriptions" size="32">
      <button id="save-key">Keep for this tab</button>
      <button id="forget-key">Forget</button>
      <span id="key-state" class="muted"></span>
    </div>
    <form class="form" id="search">
      <input id="q" placeholder="symbol, name (NSE:INFY), Feed:Token" size="28">
      <input id="exchange" placeholder="exchange (NSE, NFO)" size="14">
      <select id="feed"><option value="">every feed</option></select>
      <button class="primary" type="submit">Search</button>
    </form>
    <div class="panel"><table id="results"><thead><tr><th class="text">instrument</th><th class="text">symbol</th><th class="text">name</th><th class="text">description</th><th class="text">segment</th><th class="text">feed</th>
      <th class="text">subscribed</th><th class="text">connection</th><th class="text">mode</th><th class="text"></th></tr></thead><tbody></tbody></table>
      <p id="result-count" class="muted"></p><p id="change-result" class="muted"></p></div>
    <div class="panel"><h3>Broker limit per connection</h3><table id="limits"><thead><tr><th class="text">connection</th><th class="text">protocol</th><th>used</th><th>limit</th><th>left</th></tr></thead><tbody></tbody></table></div>`;
  const keyState = root.querySelector('#key-state');
  const showKey = () => {
    keyState.textContent = operateKey() ? 'an operate key is kept for this tab' : 'no key: subscribing will be refused (401)';
  };
  showKey();
  root.querySelector('#save-key').addEventListener('click', () => {
    setOperateKey(root.querySelector('#operate-key').value.trim());
    root.querySelector('#operate-key').value = '';
    showKey();
  });
  root.querySelector('#forget-key').addEventListener('click', () => {
    setOperateKey('');
    showKey();
  });

  let feeds = [];
  const subscriptions = new Map();
  const refreshFeeds = async () => {
    try {
      feeds = await api('/api/feeds');
      clearError('feeds');
    } catch (error) {
      reportError('feeds', error);
      return;
    }
    const select = root.querySelector('#feed');
    if (select.options.length === 1) {
      const names = [...new Set(feeds.map(f => f.name.split('#')[0]))];
      select.append(...names.map(name => new Option(name, name)));
    }
    root.querySelector('#limits tbody').replaceChildren(...feeds.map(feed => {
      const row = document.createElement('tr');
      row.dataset.connection = feed.name;
      const left = feed.limitPerConnection ? feed.limitPerConnection - feed.limitUsed : null;
      row.innerHTML = '<td class="text"></td><td class="text"></td><td></td><td></td><td class="left"></td>';
      const values = [feed.name, feed.protocol, `${feed.limitUsed} ${feed.limitUnit}`, feed.limitPerConnection ?? 'none', left ?? '—'];
      [...row.children].forEach((cell, i) => { cell.textContent = String(values[i]); });
      return row;
    }));
  };
  const refreshSubscriptions = async feedNames => {
    for (const name of feedNames) {
      try {
        const list = await api(`/api/feeds/${encodeURIComponent(name)}/subscriptions`);
        for (const [id, value] of [...subscriptions]) {
          if (value.feed === name) {
            subscriptions.delete(id);
          }
        }
        for (const s of list) {
          subscriptions.set(s.instrument, { ...s, feed: name });
        }
      } catch (error) {
        reportError(`subscriptions-${name}`, error);
      }
    }
  };

  let results = [];
  const renderResults = () => {
    root.querySelector('#result-count').textContent = `${results.length} instrument(s)`;
    root.querySelector('#results tbody').replaceChildren(...results.map(info => {
      const row = document.createElement('tr');
      row.dataset.instrument = info.id;
      const current = subscriptions.get(info.id);
      const cellsText = [info.id, info.symbol ?? '', info.name ?? '', info.description ?? '', info.segment ?? '', '', current ? 'yes' : 'no', current?.connection ?? ''];
      for (const text of cellsText) {
        const cell = document.createElement('td');
        cell.className = 'text';
        cell.textContent = text;
        row.append(cell);
      }
      row.children[6].classList.add('subscribed');
      // A master row no feed subscribes yet can go to any configured feed of its broker.
      const feedChoice = document.createElement('select');
      feedChoice.className = 'feed';
      for (const name of info.feed ? [info.feed] : candidateFeeds(info)) {
        feedChoice.append(new Option(name, name));
      }
      row.children[5].append(feedChoice);
      const modeCell = document.createElement('td');
      modeCell.className = 'text';
      const mode = document.createElement('select');
      mode.className = 'mode';
      for (const m of modes[info.protocol] ?? ['Ltp', 'Quote', 'Full']) {
        mode.append(new Option(m, m, false, m === (current?.mode ?? info.mode)));
      }
      modeCell.append(mode);
      row.append(modeCell);
      const actions = document.createElement('td');
      actions.className = 'text';
      const subscribe = document.createElement('button');
      subscribe.className = 'subscribe primary';
      subscribe.textContent = current ? 'Set mode' : 'Subscribe';
      subscribe.disabled = feedChoice.options.length === 0;
      subscribe.addEventListener('click', () => change(info, feedChoice.value, 'POST', mode.value));
      const unsubscribe = document.createElement('button');
      unsubscribe.className = 'unsubscribe';
      unsubscribe.textContent = 'Unsubscribe';
      unsubscribe.disabled = !current;
      unsubscribe.addEventListener('click', () => change(info, current?.feed ?? info.feed, 'DELETE'));
      const view = document.createElement('button');
      view.className = 'view';
      view.textContent = 'View';
      view.addEventListener('click', () => navigate(`#/instrument/${encodeURIComponent(info.id)}`));
      actions.append(subscribe, ' ', unsubscribe, ' ', view);
      row.append(actions);
      return row;
    }));
  };

  const candidateFeeds = info => {
    const broker = protocol => protocol.split('-')[0];
    return [...new Set(feeds.filter(f => broker(f.protocol) === broker(info.protocol)).map(f => f.name.split('#')[0]))];
  };

  const change = async (info, feed, method, mode) => {
    const path = `/api/feeds/${encodeURIComponent(feed)}/subscriptions`;
    // A master row is subscribed by its name (the host resolves token, segment and decimals from the master).
    const item = !info.feed && info.name
      ? { name: info.name, mode }
      : { token: info.token, symbol: info.symbol ?? '', segment: info.segment ?? '', mode, priceDecimals: info.priceDecimals, quantityDecimals: info.quantityDecimals };
    try {
      const answer = method === 'POST'
        ? await api(path, { method, body: { instruments: [item] } })
        : await api(`${path}?instrument=${info.token}`, { method });
      clearError('subscription');
      root.querySelector('#change-result').textContent = `${method === 'POST' ? 'Subscribed' : 'Unsubscribed'} ${answer.changed.join(', ') || 'nothing'} (${answer.applied}${answer.persistedTo ? `, kept in ${answer.persistedTo}` : ''})`;
    } catch (error) {
      reportError('subscription', error);
    }
    await refreshSubscriptions([feed]);
    await refreshFeeds();
    renderResults();
  };

  // Answers can arrive out of order (the first search runs as the page opens): only the latest one is shown.
  let searches = 0;
  const search = async () => {
    const mine = ++searches;
    const params = new URLSearchParams({ limit: '200' });
    for (const name of ['q', 'exchange', 'feed']) {
      const value = root.querySelector(`#${name}`).value.trim();
      if (value) {
        params.set(name, value);
      }
    }
    let found = [];
    try {
      found = await api(`/api/instruments?${params}`);
      clearError('search');
    } catch (error) {
      reportError('search', error);
    }
    await refreshSubscriptions([...new Set(found.map(r => r.feed).filter(Boolean))]);
    if (mine === searches) {
      results = found;
      renderResults();
    }
  };
  root.querySelector('#search').addEventListener('submit', event => {
    event.preventDefault();
    search();
  });
  refreshFeeds().then(search);
  return () => {};
}
