// The instrument views (candles + volume + signals, depth ladder, imbalance/microprice/spread) fed by stream messages;
// the live page and the replay page both route their connection's messages here.
import { CandleChart } from './candles.js';
import { DepthLadder } from './ladder.js';
import { SeriesChart } from './series.js';
import { colors } from './frames.js';

export const timeframes = { '1s': 1, '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '4h': 14400, '1d': 86400 };

export class InstrumentView {
  constructor(root) {
    root.innerHTML = `
      <div class="row">
        <div class="grow">
          <div class="panel"><canvas class="chart" id="candles"></canvas></div>
          <div class="panel"><canvas class="series" id="metrics"></canvas></div>
        </div>
        <div class="panel"><h3>Depth <span id="depth-info" class="muted"></span></h3>
          <div class="ladder-scroll"><canvas class="ladder" id="ladder"></canvas><div id="ladder-spacer"></div></div></div>
      </div>`;
    this.candles = new CandleChart(root.querySelector('#candles'));
    this.ladder = new DepthLadder(root.querySelector('#ladder'), root.querySelector('#ladder-spacer'));
    this.metrics = new SeriesChart(root.querySelector('#metrics'), [
      { key: 'imbalance', label: 'imbalance', min: -1, max: 1, color: colors.accent },
      { key: 'microprice', label: 'microprice', color: colors.warn },
      { key: 'spread', label: 'spread', color: colors.muted },
    ]);
    this.depthInfo = root.querySelector('#depth-info');
    this.instrument = null;
    this.timeframe = '1m';
  }

  reset(instrument, timeframe) {
    this.instrument = instrument;
    this.timeframe = timeframe;
    this.candles.reset(timeframes[timeframe]);
    this.ladder.reset();
    this.metrics.reset();
  }

  /** One stream message (live or replay); messages of other instruments are ignored. */
  handle(message) {
    if (message.instrument !== this.instrument) {
      return;
    }
    switch (message.type) {
      case 'tick':
      case 'trade':
        this.candles.addTick(message);
        break;
      case 'bar':
        if (message.channel === `bars:${this.timeframe}`) {
          this.candles.upsertBar(message);
        }
        break;
      case 'depth':
        this.ladder.setDepth(message);
        this.depthInfo.textContent = `${message.bids.length} bids / ${message.asks.length} asks`;
        break;
      case 'book_metrics':
        this.metrics.add(Date.parse(message.time), message);
        break;
      case 'signal':
        this.candles.addSignal(message);
        break;
      default:
        break;
    }
  }

  channels() {
    return ['ticks', 'trades', 'depth', `bars:${this.timeframe}`, 'book_metrics', 'signals'];
  }
}
