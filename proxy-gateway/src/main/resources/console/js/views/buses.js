// The node's buses, with what each one enforces, which registry it checks against and its limits.
import {h, badge, route} from '../dom.js';
import {call, listOf} from '../api.js';
import {header, empty} from '../ui.js';

export async function render() {
  const list = listOf(await call('/v1/buses'), 'buses');
  const head = header('Buses', [], h('p', {class: 'lede'}, 'Where producers post events; each bus has its own rules and flush policy.'));
  if (list.length === 0) return [head, empty('No buses yet. Create one with PUT /v1/buses/{name}.', 'buses-empty')];
  return [head, h('table', {class: 'grid', testid: 'buses'},
    h('caption', {class: 'visually-hidden'}, 'Buses'),
    h('thead', null, h('tr', null,
      h('th', {scope: 'col'}, 'Bus'), h('th', {scope: 'col'}, 'Description'), h('th', {scope: 'col'}, 'Flush'),
      h('th', {scope: 'col'}, 'Schema enforcement'), h('th', {scope: 'col'}, 'Registry'), h('th', {scope: 'col'}, 'Schemas'),
      h('th', {scope: 'col'}, 'Limits'), h('th', {scope: 'col'}, ''))),
    h('tbody', null, list.map((b) => h('tr', {testid: 'bus-row', dataset: {name: b.name}},
      h('th', {scope: 'row'}, b.name),
      h('td', null, b.description || h('span', {class: 'muted'}, '—')),
      h('td', null, b.flush ? badge(b.flush) : '—'),
      h('td', null, b.schemaEnforcement ? badge(b.schemaEnforcement, b.schemaEnforcement === 'off' ? null : 'compat') : h('span', {class: 'muted'}, 'off')),
      h('td', null, b.registry ? h('a', {href: route('registries', b.registry)}, b.registry) : h('span', {class: 'muted'}, '—')),
      h('td', {testid: 'bus-schemas'}, mappings(b)),
      h('td', {testid: 'bus-limits'}, limits(b)),
      h('td', null, h('a', {href: '#/events?bus=' + encodeURIComponent(b.name)}, 'Find an event'))))))];
}

/** Which events the bus checks against which schema, e.g. "type order.created → order.created v2". */
function mappings(bus) {
  const list = Array.isArray(bus.schemas) ? bus.schemas : [];
  const items = list.map((m) => {
    const match = ['type', 'source', 'dataschema'].filter((k) => m[k]).map((k) => k + ' ' + m[k]).join(', ');
    const target = bus.registry
      ? h('a', {href: route('registries', bus.registry, 'schemas', m.schema)}, m.schema)
      : m.schema;
    return h('li', null, match || 'any event', ' → ', target, m.version ? ' v' + m.version : null);
  });
  if (bus.discovery === 'on') items.push(h('li', {class: 'muted'}, 'discovery on'));
  return items.length ? h('ul', {class: 'plain'}, items) : h('span', {class: 'muted'}, '—');
}

/** The bus's ingest limits as they hold (its own or the node's defaults), as the API gives them. */
const LIMITS = [
  ['maxEventBytes', 'event', bytes],
  ['maxBatchEntries', 'batch', (n) => n.toLocaleString('en') + (n === 1 ? ' entry' : ' entries')],
  ['maxBatchBytes', 'batch', bytes],
  ['maxHeaderBytes', 'headers', bytes],
];

function limits(bus) {
  const given = bus.limits && typeof bus.limits === 'object' ? bus.limits : {};
  const items = LIMITS.filter(([name]) => Number.isFinite(given[name])).map(([name, what, shown]) =>
    h('li', {dataset: {limit: name}, title: 'limits.' + name + ' = ' + given[name]}, what + ' ≤ ' + shown(given[name])));
  return items.length ? h('ul', {class: 'plain'}, items) : h('span', {class: 'muted'}, '—');
}

/** Whole KiB or MiB where the value is one, else exact bytes: a limit is read to the byte. */
function bytes(n) {
  if (n % (1024 * 1024) === 0) return (n / (1024 * 1024)).toLocaleString('en') + ' MiB';
  if (n % 1024 === 0) return (n / 1024).toLocaleString('en') + ' KiB';
  return n.toLocaleString('en') + ' bytes';
}
