// The dashboard's entry: a hash router over four pages sharing one stream connection. Plain ES modules served by the
// host (README: Dashboard), no build step.
import { StreamConnection } from './stream.js';
import { feedsPage } from './feeds.js';
import { instrumentsPage } from './instruments.js';
import { instrumentPage } from './instrument.js';
import { replayPage } from './replay.js';
import { clearErrors, showError } from './errors.js';
import { measureFrames } from './frames.js';

const banner = document.getElementById('connection');
const stream = new StreamConnection({
  onState: (state, text) => {
    banner.dataset.state = state;
    banner.textContent = text;
  },
});
stream.connect();
// A request the host refused on the stream (an unknown instrument, a bad replay range) is shown like an API error.
stream.on('error', message => showError('stream', `Stream request refused: ${message.message}`));

const pages = { feeds: feedsPage, instruments: instrumentsPage, instrument: instrumentPage, replay: replayPage };
let leave = () => {};

function navigate(hash) {
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

function route() {
  const [path, query] = (location.hash.replace(/^#\/?/, '') || 'feeds').split('?');
  const [name, ...rest] = path.split('/');
  const page = pages[name] ?? feedsPage;
  leave();
  clearErrors();
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('active', link.dataset.page === name);
  }
  const root = document.getElementById('page');
  root.replaceChildren();
  root.dataset.page = name in pages ? name : 'feeds';
  leave = page(root, stream, navigate, [rest.join('/'), query]) ?? (() => {});
}

window.addEventListener('hashchange', route);
route();

// For the browser tests and the curious: the connection and the frame-time probe.
window.llfeed = { stream, measureFrames };
