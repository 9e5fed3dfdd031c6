// One registry's schemas, searchable by name prefix, text and tag; the search lives in the URL.
import {h, route, time, badge} from '../dom.js';
import {call, listOf, v1, withQuery} from '../api.js';
import {header, empty, field, tags} from '../ui.js';

export async function render({params, query}) {
  const registry = params.registry;
  const search = {prefix: query.get('prefix') || '', q: query.get('q') || '', tag: query.get('tag') || ''};
  const [info, answer] = await Promise.all([
    call(v1('registries', registry)),
    call(withQuery(v1('registries', registry, 'schemas'), search)),
  ]);
  const list = listOf(answer, 'schemas');
  const searching = search.prefix || search.q || search.tag;
  return [
    header('Registry ' + registry, [['Registries', '#/registries'], [registry]],
      info && info.description ? h('p', {class: 'lede'}, info.description) : null,
      info && info.compatibility ? h('p', null, 'Default compatibility: ', badge(info.compatibility, 'compat')) : null),
    searchForm(registry, search),
    list.length === 0
      ? empty(searching ? 'No schema matches this search.' : 'This registry has no schemas yet.', 'schemas-empty')
      : table(registry, list),
  ];
}

function searchForm(registry, search) {
  const prefix = h('input', {type: 'search', name: 'prefix', value: search.prefix, testid: 'search-prefix', autocomplete: 'off'});
  const q = h('input', {type: 'search', name: 'q', value: search.q, testid: 'search-text', autocomplete: 'off'});
  const tag = h('input', {type: 'search', name: 'tag', value: search.tag, testid: 'search-tag', autocomplete: 'off'});
  return h('form', {role: 'search', class: 'search', testid: 'schema-search', 'aria-label': 'Search schemas', on: {submit: (e) => {
    e.preventDefault();
    const next = withQuery(route('registries', registry), {prefix: prefix.value.trim(), q: q.value.trim(), tag: tag.value.trim()});
    if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = next;
  }}},
  field('Name starts with', prefix),
  field('Text', q, 'in names and descriptions'),
  field('Tag', tag),
  h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', testid: 'search-submit'}, 'Search'),
    h('a', {href: route('registries', registry), class: 'button quiet'}, 'Clear')));
}

function table(registry, list) {
  return h('table', {class: 'grid', testid: 'schemas'},
    h('caption', {class: 'visually-hidden'}, 'Schemas'),
    h('thead', null, h('tr', null,
      h('th', {scope: 'col'}, 'Schema'), h('th', {scope: 'col'}, 'Description'), h('th', {scope: 'col'}, 'Tags'),
      h('th', {scope: 'col'}, 'Compatibility'), h('th', {scope: 'col'}, 'Latest'), h('th', {scope: 'col'}, 'Updated'))),
    h('tbody', null, list.map((s) => h('tr', {testid: 'schema-row', dataset: {name: s.name}},
      h('td', null, h('a', {href: route('registries', registry, 'schemas', s.name), testid: 'schema-link'}, s.name)),
      h('td', null, s.description || h('span', {class: 'muted'}, '—')),
      h('td', null, tags(s.tags)),
      h('td', null, s.compatibility ? badge(s.compatibility, 'compat') : h('span', {class: 'muted'}, '—')),
      h('td', {class: 'num'}, s.latestVersion ?? '—'),
      h('td', null, time(s.updatedAt))))));
}
