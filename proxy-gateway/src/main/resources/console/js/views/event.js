// Finds one stored event by bus and id (and source, when ids repeat across sources).
import {h, pretty, route} from '../dom.js';
import {ApiError, call, listOf, v1, withQuery} from '../api.js';
import {header, field, problemPanel, empty} from '../ui.js';

const ATTRIBUTES = ['id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'dataschema', 'specversion'];

export async function render({query}) {
  const busNames = listOf(await call('/v1/buses'), 'buses').map((b) => b.name);
  const chosen = query.get('bus') || busNames[0] || '';
  const bus = busNames.length
    ? h('select', {testid: 'event-bus', required: true}, busNames.map((n) => h('option', {value: n, selected: n === chosen}, n)))
    : h('input', {type: 'text', testid: 'event-bus', value: chosen, required: true});
  const id = h('input', {type: 'text', testid: 'event-id', value: query.get('id') || '', required: true, autocomplete: 'off', spellcheck: 'false'});
  const source = h('input', {type: 'text', testid: 'event-source', value: query.get('source') || '', autocomplete: 'off', spellcheck: 'false'});
  const result = h('div', {class: 'result', testid: 'event-result', 'aria-live': 'polite'});
  const form = h('form', {class: 'card inline-fields', testid: 'event-form', on: {submit: (e) => {
    e.preventDefault();
    const next = withQuery(route('events'), {bus: bus.value, id: id.value.trim(), source: source.value.trim()});
    if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = next;
  }}},
  field('Bus', bus), field('Event id', id), field('Source', source, 'only when ids repeat'),
  h('button', {type: 'submit', class: 'primary', testid: 'event-submit'}, 'Find'));
  if (query.get('bus') && query.get('id')) await lookup(result, query.get('bus'), query.get('id'), query.get('source'));
  return [header('Find an event', [], h('p', {class: 'lede'}, 'Look up a stored event by its bus and id.')), form, result];
}

async function lookup(result, bus, id, source) {
  try {
    const found = await call(withQuery(v1('buses', bus, 'events', id), {source}));
    result.replaceChildren(h('section', {class: 'card', testid: 'event-found', 'aria-labelledby': 'event-h'},
      h('h2', {id: 'event-h'}, 'Event ' + id),
      h('dl', {class: 'facts'}, ATTRIBUTES.filter((a) => found[a] !== undefined).flatMap((a) => [h('dt', null, a), h('dd', null, h('code', null, String(found[a])))])),
      h('pre', {class: 'code', testid: 'event-json', tabindex: '0'}, pretty(found))));
  } catch (error) {
    if (error instanceof ApiError && error.isAuth) throw error;
    result.replaceChildren(error instanceof ApiError && error.status === 404
      ? empty('No event with this id on bus ' + bus + '.', 'event-missing')
      : problemPanel(error, 'event-error'));
  }
}
