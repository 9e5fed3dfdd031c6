// Builds DOM nodes from data without ever parsing it as HTML: strings become text nodes and
// attribute values, so whatever the API returns is shown, never run.

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction']);

/**
 * h('a', {href: '#/x', class: 'c', testid: 'link', on: {click: fn}}, 'text', child, [more])
 * Children may be strings, numbers, nodes, arrays of those, or null/undefined/false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (name === 'testid') {
      el.dataset.testid = String(value);
    } else if (name === 'dataset') {
      for (const [key, v] of Object.entries(value)) if (v !== undefined && v !== null) el.dataset[key] = String(v);
    } else if (name.startsWith('on')) {
      throw new Error('use props.on for event handlers, not ' + name);
    } else if (URL_ATTRIBUTES.has(name)) {
      el.setAttribute(name, safeUrl(String(value)));
    } else if (value === true) {
      el.setAttribute(name, '');
    } else if (name === 'value' && 'value' in el) {
      el.value = String(value);
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Only in-page routes and same-origin paths: never javascript: or another origin. */
function safeUrl(url) {
  if (url.startsWith('#') || (url.startsWith('/') && !url.startsWith('//'))) return url;
  return '#';
}

/** Replaces everything inside el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** JSON as readable, indented text (for a <pre>); lists of plain values stay on one line. */
export function pretty(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return '[' + value.map((v) => JSON.stringify(v)).join(', ') + ']';
    const inner = indent + '  ';
    return '[\n' + value.map((v) => inner + pretty(v, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return '{\n' + entries.map(([k, v]) => inner + JSON.stringify(k) + ': ' + pretty(v, inner)).join(',\n') + '\n' + indent + '}';
  }
  return value === undefined ? '' : JSON.stringify(value);
}

/** A timestamp as the reader's local date and time, keeping the raw value as a tooltip. */
export function time(iso) {
  if (!iso) return h('span', {class: 'muted'}, '—');
  const date = new Date(iso);
  const shown = Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
  return h('time', {datetime: String(iso), title: String(iso)}, shown);
}

/** A small labelled badge; kind picks its colour in the stylesheet. */
export function badge(text, kind, testid) {
  return h('span', {class: 'badge' + (kind ? ' badge-' + kind : ''), testid}, text);
}

/** A route link: segments are encoded so that names with '/' or '#' stay one segment. */
export function route(...segments) {
  return '#/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
}
