// Rendering at most once per animation frame: components mark themselves dirty as messages arrive (any number of
// times), and one requestAnimationFrame callback renders each dirty component once with the latest state.
const dirty = new Set();
let scheduled = false;
const renderTimes = [];

export function invalidate(component) {
  dirty.add(component);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(frame);
  }
}

function frame() {
  scheduled = false;
  const components = [...dirty];
  dirty.clear();
  const start = performance.now();
  for (const component of components) {
    if (component.attached !== false) {
      component.render();
    }
  }
  renderTimes.push(performance.now() - start);
  if (renderTimes.length > 10000) {
    renderTimes.splice(0, 5000);
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return null;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Records requestAnimationFrame deltas for `milliseconds` and the time spent rendering in those frames; resolves to
 * p50/p99 of both (the browser test reports them). With `counterSelector`, also how far that element's
 * `data-renders` counter moved between the first and the last measured frame, read inside those frames so the count
 * and the frames cover the same span of time.
 */
export function measureFrames(milliseconds, counterSelector) {
  const readCounter = () => Number(document.querySelector(counterSelector)?.dataset.renders ?? 0);
  return new Promise(resolve => {
    const deltas = [];
    const renderedBefore = renderTimes.length;
    let last = 0;
    let counterAtStart = 0;
    const end = performance.now() + milliseconds;
    const tick = now => {
      if (last !== 0) {
        deltas.push(now - last);
      } else if (counterSelector) {
        counterAtStart = readCounter();
      }
      last = now;
      if (now < end) {
        requestAnimationFrame(tick);
        return;
      }
      const sortedDeltas = [...deltas].sort((a, b) => a - b);
      const renders = renderTimes.slice(renderedBefore).sort((a, b) => a - b);
      resolve({
        frames: deltas.length,
        frameP50: percentile(sortedDeltas, 0.5),
        frameP99: percentile(sortedDeltas, 0.99),
        frameMax: sortedDeltas.at(-1) ?? null,
        renders: renders.length,
        counted: counterSelector ? readCounter() - counterAtStart : null,
        renderP50: percentile(renders, 0.5),
        renderP99: percentile(renders, 0.99),
      });
    };
    requestAnimationFrame(tick);
  });
}

/** Sizes a canvas's backing store to its CSS box and device pixels; returns the 2D context scaled to CSS pixels. */
export function prepareCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return { context, width, height };
}

export const colors = {
  up: '#26a269', down: '#e5534b', text: '#d7dde5', muted: '#8592a3', line: '#2a3340', accent: '#4c8dff', warn: '#d29922',
};

// One formatter per precision: toLocaleString builds a new one per call, too slow for 400 ladder cells a frame.
const formatters = new Map();

export function formatNumber(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  let formatter = formatters.get(digits);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formatters.set(digits, formatter);
  }
  return formatter.format(Number(value));
}
