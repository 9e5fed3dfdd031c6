// The console's only way to the node: same-origin calls to /v1 with the key the user gave,
// kept in sessionStorage (gone when the tab closes, never in a cookie or in the URL).

const KEY_NAME = 'signalbox.apiKey';

export function storedKey() {
  return sessionStorage.getItem(KEY_NAME);
}

export function rememberKey(key) {
  sessionStorage.setItem(KEY_NAME, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_NAME);
}

/** An answer other than 2xx; problem is the RFC 9457 body when the node sent one. */
export class ApiError extends Error {
  constructor(status, problem, path) {
    super((problem && (problem.detail || problem.title)) || 'The node answered ' + status + ' to ' + path + '.');
    this.status = status;
    this.problem = problem;
  }

  /** The node did not accept the key (or none was sent). */
  get isAuth() {
    return this.status === 401 || this.status === 403;
  }
}

/** '/v1/' + each segment URL-encoded: names are data, never path syntax. */
export function v1(...segments) {
  return '/v1/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
}

/** Adds the non-empty query parameters to a path. */
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && String(value) !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text ? path + '?' + text : path;
}

/** Calls the API with the stored key (or the given one); resolves to the parsed JSON body. */
export async function call(path, {method = 'GET', body, key = storedKey()} = {}) {
  const headers = {Accept: 'application/json, application/cloudevents+json, application/problem+json'};
  if (key) headers.Authorization = 'Bearer ' + key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, json, path);
  return json;
}

/** The list inside an answer, whether it is a bare array or {name: [...]}. */
export function listOf(answer, name) {
  if (Array.isArray(answer)) return answer;
  if (answer && Array.isArray(answer[name])) return answer[name];
  if (answer && Array.isArray(answer.items)) return answer.items;
  return [];
}
