// Error banners: one per key (a repeated failure replaces its own line instead of stacking), dismissible.
const box = () => document.getElementById('errors');

export function showError(key, text) {
  let line = box().querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (!line) {
    line = document.createElement('div');
    line.className = 'error';
    line.dataset.key = key;
    line.append(document.createElement('span'));
    const close = document.createElement('button');
    close.textContent = '×';
    close.title = 'Dismiss';
    close.addEventListener('click', () => line.remove());
    line.append(close);
    box().append(line);
  }
  line.firstChild.textContent = text;
}

export function clearError(key) {
  box().querySelector(`[data-key="${CSS.escape(key)}"]`)?.remove();
}

export function clearErrors() {
  box().replaceChildren();
}

/** Shows an ApiError (or any error) under key. */
export function reportError(key, error) {
  showError(key, typeof error?.describe === 'function' ? error.describe() : String(error?.message ?? error));
}
