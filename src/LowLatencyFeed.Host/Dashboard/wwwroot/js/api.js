// HTTP API calls with readable errors. The operate key is asked for once and kept in sessionStorage (this tab only).
const keyName = 'llfeed.operateKey';

export class ApiError extends Error {
  constructor(status, title, detail, parameter, retryAfter) {
    super(`${status} ${title}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.parameter = parameter;
    this.retryAfter = retryAfter;
  }

  /** One line an operator can act on: status, title, the host's detail and what to do. */
  describe() {
    const hint = {
      0: 'Is the host running?',
      401: 'Enter an operate key on the Instruments page.',
      403: 'The key has the read role; changes need an operate key.',
      503: this.retryAfter ? `(retry after ${this.retryAfter} s)` : '',
    }[this.status] ?? '';
    const status = this.status === 0 ? 'Network error' : `${this.status} ${this.title}`;
    return [status, this.detail, hint].filter(Boolean).join(' — ');
  }
}

export function operateKey() {
  return sessionStorage.getItem(keyName) ?? '';
}

export function setOperateKey(key) {
  if (key) {
    sessionStorage.setItem(keyName, key);
  } else {
    sessionStorage.removeItem(keyName);
  }
}

/** Calls the API; resolves to the JSON body, rejects with an ApiError built from the problem+json answer. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = {};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const key = operateKey();
  if (key) {
    headers.Authorization = `Bearer ${key}`;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, 'Network error', `${method} ${path}: ${error.message}`);
  }
  if (response.ok) {
    return response.status === 204 ? null : response.json();
  }
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // Not problem+json (a proxy, a crash page): the status line is all there is.
  }
  throw new ApiError(response.status, problem.title ?? response.statusText, problem.detail ?? '', problem.parameter, response.headers.get('Retry-After'));
}
