// Candlestick chart with volume and signal markers on a canvas. Closed bars come from /api/bars and bars:<tf>; the
// open bar is built here from ticks and trades and replaced by the host's closed bar when that arrives.
import { colors, formatNumber, invalidate, prepareCanvas } from './frames.js';

const candleWidth = 8;
const maxBars = 2000;

/**
 * Whether a signal is a decision worth a marker: BUY (side 1) or SELL (side -1). A model's HOLD (side 0, sent for
 * every scored bar) and the imbalance rule's return to flat are no decision to draw.
 */
export function isDecision(signal) {
  const side = Number(signal.side);
  return side === 1 || side === -1;
}

/**
 * The markers to draw over the visible bars (oldest first; `t` in ms): one per BUY/SELL signal from the first visible
 * bar on, on the bar whose interval holds the signal's time (the last bar when none does yet). `{ at, buy }`.
 */
export function signalMarkers(signals, visible, timeframeMs) {
  const markers = [];
  if (visible.length === 0) {
    return markers;
  }
  const first = visible[0].t;
  for (const signal of signals) {
    if (signal.t < first || !isDecision(signal)) {
      continue;
    }
    const i = Math.floor((signal.t - first) / timeframeMs);
    const index = visible.findIndex(bar => bar.t > signal.t) - 1;
    markers.push({ at: index >= 0 ? index : Math.min(i, visible.length - 1), buy: Number(signal.side) > 0 });
  }
  return markers;
}

export class CandleChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.bars = [];
    this.signals = [];
    this.timeframeMs = 60000;
    this.lastVolume = null;
  }

  reset(timeframeSeconds) {
    this.timeframeMs = timeframeSeconds * 1000;
    this.bars = [];
    this.signals = [];
    this.lastVolume = null;
    invalidate(this);
  }

  /** A bar from the API or the stream (time = bar start). */
  upsertBar(bar) {
    const t = Date.parse(bar.time);
    const candle = { t, o: +bar.open, h: +bar.high, l: +bar.low, c: +bar.close, v: +bar.volume, closed: bar.closed !== false };
    const index = this.findIndex(t);
    if (index >= 0) {
      this.bars[index] = candle;
    } else {
      this.insert(candle);
    }
    invalidate(this);
  }

  /** A tick or trade: extends the open bar (opens one when the price belongs to a new interval). */
  addTick(message) {
    if (message.price === undefined) {
      return;
    }
    const price = +message.price;
    const t = Math.floor(Date.parse(message.time) / this.timeframeMs) * this.timeframeMs;
    let volume = 0;
    if (message.type === 'trade') {
      volume = +(message.quantity ?? 0);
    } else if (message.volume !== undefined) {
      // Ticks carry the day's cumulative volume: the bar gets the difference.
      const cumulative = +message.volume;
      volume = this.lastVolume === null ? 0 : Math.max(0, cumulative - this.lastVolume);
      this.lastVolume = cumulative;
    }
    const index = this.findIndex(t);
    if (index >= 0) {
      const bar = this.bars[index];
      if (bar.closed) {
        return;
      }
      bar.h = Math.max(bar.h, price);
      bar.l = Math.min(bar.l, price);
      bar.c = price;
      bar.v += volume;
    } else if (this.bars.length === 0 || t > this.bars.at(-1).t) {
      this.insert({ t, o: price, h: price, l: price, c: price, v: volume, closed: false });
    }
    invalidate(this);
  }

  /** A signal from the API or the stream; only decisions are kept, so a model's HOLDs never push them out. */
  addSignal(signal) {
    if (!isDecision(signal)) {
      return;
    }
    this.signals.push({ t: Date.parse(signal.time), side: Number(signal.side), imbalance: signal.imbalance });
    if (this.signals.length > 500) {
      this.signals.shift();
    }
    invalidate(this);
  }

  findIndex(t) {
    for (let i = this.bars.length - 1; i >= 0 && i >= this.bars.length - 50; i--) {
      if (this.bars[i].t === t) {
        return i;
      }
    }
    return this.bars.findIndex(bar => bar.t === t);
  }

  insert(candle) {
    let i = this.bars.length;
    while (i > 0 && this.bars[i - 1].t > candle.t) {
      i--;
    }
    this.bars.splice(i, 0, candle);
    if (this.bars.length > maxBars) {
      this.bars.shift();
    }
  }

  render() {
    const { context: g, width, height } = prepareCanvas(this.canvas);
    this.canvas.dataset.candles = String(this.bars.length);
    this.canvas.dataset.lastTime = this.bars.length ? new Date(this.bars.at(-1).t).toISOString() : '';
    this.canvas.dataset.signals = String(this.signals.length);
    const axis = 70;
    const plotWidth = width - axis;
    const visible = this.bars.slice(-Math.max(1, Math.floor(plotWidth / candleWidth)));
    if (visible.length === 0) {
      this.canvas.dataset.markers = '0';
      g.fillStyle = colors.muted;
      g.fillText('No bars yet: waiting for trades (a depth-only feed has none; subscribe the instrument if it is not).', 12, 20);
      return;
    }
    const priceHeight = height * 0.75;
    const volumeTop = priceHeight + 8;
    const volumeHeight = height - volumeTop - 16;
    let low = Infinity;
    let high = -Infinity;
    let maxVolume = 0;
    for (const bar of visible) {
      low = Math.min(low, bar.l);
      high = Math.max(high, bar.h);
      maxVolume = Math.max(maxVolume, bar.v);
    }
    const pad = (high - low) * 0.05 || Math.abs(high) * 0.001 || 1;
    low -= pad;
    high += pad;
    const y = price => 8 + (high - price) / (high - low) * (priceHeight - 16);
    const x = i => i * candleWidth + candleWidth / 2;

    g.strokeStyle = colors.line;
    g.fillStyle = colors.muted;
    g.font = '11px system-ui, sans-serif';
    for (let k = 0; k <= 4; k++) {
      const price = low + (high - low) * k / 4;
      const py = Math.round(y(price)) + 0.5;
      g.beginPath();
      g.moveTo(0, py);
      g.lineTo(plotWidth, py);
      g.stroke();
      g.fillText(formatNumber(price, 4), plotWidth + 4, py + 4);
    }

    visible.forEach((bar, i) => {
      const up = bar.c >= bar.o;
      g.strokeStyle = g.fillStyle = up ? colors.up : colors.down;
      g.globalAlpha = bar.closed ? 1 : 0.7;
      const cx = Math.round(x(i)) + 0.5;
      g.beginPath();
      g.moveTo(cx, y(bar.h));
      g.lineTo(cx, y(bar.l));
      g.stroke();
      const top = y(Math.max(bar.o, bar.c));
      const bodyHeight = Math.max(1, Math.abs(y(bar.o) - y(bar.c)));
      g.fillRect(cx - candleWidth / 2 + 1, top, candleWidth - 2, bodyHeight);
      if (maxVolume > 0) {
        const vh = bar.v / maxVolume * volumeHeight;
        g.globalAlpha = 0.45;
        g.fillRect(cx - candleWidth / 2 + 1, volumeTop + volumeHeight - vh, candleWidth - 2, vh);
      }
      g.globalAlpha = 1;
    });

    const markers = signalMarkers(this.signals, visible, this.timeframeMs);
    this.canvas.dataset.markers = String(markers.length);
    for (const { at, buy } of markers) {
      const bar = visible[at];
      const cx = x(at);
      const py = buy ? y(bar.l) + 10 : y(bar.h) - 10;
      g.fillStyle = buy ? colors.up : colors.down;
      g.beginPath();
      g.moveTo(cx, buy ? py - 6 : py + 6);
      g.lineTo(cx - 5, buy ? py + 3 : py - 3);
      g.lineTo(cx + 5, buy ? py + 3 : py - 3);
      g.fill();
    }

    const last = visible.at(-1);
    g.fillStyle = colors.text;
    g.fillText(`${new Date(last.t).toISOString().slice(11, 19)}  O ${formatNumber(last.o, 4)}  H ${formatNumber(last.h, 4)}  L ${formatNumber(last.l, 4)}  C ${formatNumber(last.c, 4)}  V ${formatNumber(last.v, 0)}`, 8, height - 4);
  }
}
