// Depth ladder: bids and asks side by side, up to 200 levels each, with bars scaled to the largest size in the book.
// Depth messages only replace the latest book (conflation); the canvas is drawn once per animation frame at most, and
// only the rows scrolled into view are drawn (the scroll height is that of every level).
import { colors, formatNumber, invalidate, prepareCanvas } from './frames.js';

const rowHeight = 13;

export class DepthLadder {
  constructor(canvas, spacer) {
    this.canvas = canvas;
    this.spacer = spacer;
    this.scroller = canvas.parentElement;
    this.scroller.addEventListener('scroll', () => invalidate(this), { passive: true });
    this.book = null;
    this.updates = 0;
    this.rendered = 0;
  }

  reset() {
    this.book = null;
    invalidate(this);
  }

  setDepth(message) {
    this.book = message;
    this.updates++;
    invalidate(this);
  }

  render() {
    const book = this.book;
    const rows = book ? Math.max(book.bids.length, book.asks.length) : 0;
    const { context: g, width, height } = prepareCanvas(this.canvas);
    const spacerHeight = `${Math.max(0, rows * rowHeight + 22 - height)}px`;
    if (this.spacer.style.height !== spacerHeight) {
      this.spacer.style.height = spacerHeight;
    }
    this.rendered++;
    this.canvas.dataset.bidLevels = String(book?.bids.length ?? 0);
    this.canvas.dataset.askLevels = String(book?.asks.length ?? 0);
    this.canvas.dataset.updates = String(this.updates);
    this.canvas.dataset.renders = String(this.rendered);
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = colors.muted;
    g.textAlign = 'left';
    g.fillText('bid size', 4, 12);
    g.fillText('ask', width / 2 + 6, 12);
    g.textAlign = 'right';
    g.fillText('bid', width / 2 - 6, 12);
    g.fillText('ask size', width - 4, 12);
    g.textAlign = 'left';
    if (!book) {
      g.fillText('No depth yet.', 4, 32);
      return;
    }
    let maxSize = 0;
    for (const [, size] of book.bids) {
      maxSize = Math.max(maxSize, size);
    }
    for (const [, size] of book.asks) {
      maxSize = Math.max(maxSize, size);
    }
    const half = width / 2;
    const first = Math.min(rows, Math.floor(this.scroller.scrollTop / rowHeight));
    const last = Math.min(rows, first + Math.ceil((height - 18) / rowHeight));
    this.canvas.dataset.firstRow = String(first);
    for (let i = first; i < last; i++) {
      const top = 18 + (i - first) * rowHeight;
      const bid = book.bids[i];
      const ask = book.asks[i];
      if (bid) {
        const w = maxSize > 0 ? bid[1] / maxSize * (half - 2) : 0;
        g.fillStyle = 'rgba(38,162,105,0.25)';
        g.fillRect(half - 1 - w, top, w, rowHeight - 1);
        g.fillStyle = colors.text;
        g.textAlign = 'left';
        g.fillText(formatNumber(bid[1], 4), 4, top + 10);
        g.fillStyle = colors.up;
        g.textAlign = 'right';
        g.fillText(formatNumber(bid[0], 4), half - 6, top + 10);
      }
      if (ask) {
        const w = maxSize > 0 ? ask[1] / maxSize * (half - 2) : 0;
        g.fillStyle = 'rgba(229,83,75,0.25)';
        g.fillRect(half + 1, top, w, rowHeight - 1);
        g.fillStyle = colors.down;
        g.textAlign = 'left';
        g.fillText(formatNumber(ask[0], 4), half + 6, top + 10);
        g.fillStyle = colors.text;
        g.textAlign = 'right';
        g.fillText(formatNumber(ask[1], 4), width - 4, top + 10);
      }
    }
    g.textAlign = 'left';
  }
}
