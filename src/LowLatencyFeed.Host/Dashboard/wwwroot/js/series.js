// Small line charts over time (imbalance, microprice, spread) from book_metrics messages.
import { colors, formatNumber, invalidate, prepareCanvas } from './frames.js';

const maxPoints = 1200;

export class SeriesChart {
  constructor(canvas, series) {
    this.canvas = canvas;
    this.series = series.map(s => ({ ...s, points: [] }));
  }

  reset() {
    for (const s of this.series) {
      s.points = [];
    }
    invalidate(this);
  }

  add(time, values) {
    for (const s of this.series) {
      const value = values[s.key];
      if (value === null || value === undefined) {
        continue;
      }
      s.points.push([time, +value]);
      if (s.points.length > maxPoints) {
        s.points.splice(0, s.points.length - maxPoints);
      }
    }
    invalidate(this);
  }

  render() {
    const { context: g, width, height } = prepareCanvas(this.canvas);
    const band = height / this.series.length;
    g.font = '11px system-ui, sans-serif';
    this.canvas.dataset.points = String(this.series[0]?.points.length ?? 0);
    this.series.forEach((s, k) => {
      const top = k * band;
      g.strokeStyle = colors.line;
      g.strokeRect(0.5, top + 0.5, width - 1, band - 1);
      const points = s.points;
      g.fillStyle = colors.muted;
      g.fillText(`${s.label} ${points.length ? formatNumber(points.at(-1)[1], 4) : '—'}`, 6, top + 13);
      if (points.length < 2) {
        return;
      }
      let low = s.min ?? Infinity;
      let high = s.max ?? -Infinity;
      if (s.min === undefined || s.max === undefined) {
        for (const [, v] of points) {
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
      }
      if (high === low) {
        high += 1;
        low -= 1;
      }
      const t0 = points[0][0];
      const span = Math.max(1, points.at(-1)[0] - t0);
      g.strokeStyle = s.color ?? colors.accent;
      g.beginPath();
      points.forEach(([t, v], i) => {
        const px = (t - t0) / span * (width - 8) + 4;
        const py = top + 18 + (high - v) / (high - low) * (band - 24);
        if (i === 0) {
          g.moveTo(px, py);
        } else {
          g.lineTo(px, py);
        }
      });
      g.stroke();
    });
  }
}
