// One WebSocket to /api/stream. It keeps the wanted subscription and sends it again after every reconnect; a dropped
// connection is retried with exponential backoff and jitter (0.5 s doubling to 15 s) and the state is shown on screen.
const maxBackoffMs = 15000;

export class StreamConnection {
  constructor({ url = defaultUrl(), label = 'stream', onState = () => {} } = {}) {
    this.url = url;
    this.label = label;
    this.onState = onState;
    this.handlers = new Map();
    this.want = { channels: [], instruments: [], depthLevels: 0 };
    this.sent = [];
    this.attempts = 0;
    this.closedByUs = false;
    this.counts = { messages: 0, reconnects: 0, drops: 0 };
    this.state = 'connecting';
  }

  connect() {
    this.closedByUs = false;
    this.setState('connecting', `${this.label}: connecting…`);
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.attempts > 0) {
        this.counts.reconnects++;
      }
      this.attempts = 0;
      this.sent = [];
      this.setState('open', this.counts.reconnects > 0 ? `${this.label}: reconnected` : `${this.label}: live`);
      this.sendSubscription();
      this.emit('open', {});
    };
    socket.onmessage = event => {
      this.counts.messages++;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.emit(message.type, message);
      this.emit('*', message);
    };
    socket.onclose = event => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      this.emit('close', event);
      if (this.closedByUs) {
        this.setState('closed', `${this.label}: closed`);
        return;
      }
      this.counts.drops++;
      const delay = Math.min(maxBackoffMs, 500 * 2 ** this.attempts) * (0.8 + Math.random() * 0.4);
      this.attempts++;
      const why = event.reason ? ` (${event.reason})` : event.code && event.code !== 1006 ? ` (code ${event.code})` : '';
      this.setState('reconnecting', `${this.label}: connection lost${why} — reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${this.attempts})`);
      this.retry = setTimeout(() => this.connect(), delay);
    };
  }

  close() {
    this.closedByUs = true;
    clearTimeout(this.retry);
    this.socket?.close(1000, 'page closed');
  }

  /** Replaces the subscription: channels (names), instruments (ids; [] for none) and depth levels per side. */
  subscribe({ channels = [], instruments = [], depthLevels = 0 }) {
    this.want = { channels, instruments, depthLevels };
    this.sendSubscription();
  }

  send(request) {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(request));
      return true;
    }
    return false;
  }

  sendSubscription() {
    if (this.socket?.readyState !== WebSocket.OPEN) {
      return;
    }
    // Clearing every channel first empties the server-side subscription, so the new instrument list replaces the old.
    if (this.sent.length > 0) {
      this.send({ unsubscribe: { channels: this.sent } });
    }
    const request = { channels: this.want.channels, instruments: this.want.instruments };
    if (this.want.depthLevels > 0) {
      request.depthLevels = this.want.depthLevels;
    }
    if (this.want.channels.length > 0) {
      this.send({ subscribe: request });
    }
    this.sent = [...this.want.channels];
  }

  on(type, handler) {
    if (!this.handlers.has(type)) {
      this.handlers.set(type, new Set());
    }
    this.handlers.get(type).add(handler);
    return () => this.handlers.get(type)?.delete(handler);
  }

  emit(type, message) {
    for (const handler of this.handlers.get(type) ?? []) {
      handler(message);
    }
  }

  setState(state, text) {
    this.state = state;
    this.stateText = text;
    this.onState(state, text);
  }
}

function defaultUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/stream`;
}
