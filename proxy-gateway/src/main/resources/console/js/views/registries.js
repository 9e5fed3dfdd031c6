// All registries of the node.
import {h, route, badge} from '../dom.js';
import {call, listOf} from '../api.js';
import {header, empty} from '../ui.js';

export async function render() {
  const answer = await call('/v1/registries');
  const list = listOf(answer, 'registries');
  const head = header('Schema registries', [],
    h('p', {class: 'lede'}, 'Each registry holds schemas by name, with numbered versions that never change.'));
  if (list.length === 0) {
    return [head, empty('No registries yet. Create one with PUT /v1/registries/{name}.', 'registries-empty')];
  }
  return [head, h('table', {class: 'grid', testid: 'registries'},
    h('caption', {class: 'visually-hidden'}, 'Registries'),
    h('thead', null, h('tr', null,
      h('th', {scope: 'col'}, 'Registry'), h('th', {scope: 'col'}, 'Description'),
      h('th', {scope: 'col'}, 'Default compatibility'), h('th', {scope: 'col'}, 'Schemas'))),
    h('tbody', null, list.map((r) => h('tr', {testid: 'registry-row', dataset: {name: r.name}},
      h('td', null, h('a', {href: route('registries', r.name), testid: 'registry-link'}, r.name)),
      h('td', null, r.description || h('span', {class: 'muted'}, '—')),
      h('td', null, r.compatibility ? badge(r.compatibility, 'compat') : h('span', {class: 'muted'}, '—')),
      h('td', {class: 'num'}, r.schemaCount ?? r.schemas ?? h('span', {class: 'muted'}, '—'))))))];
}
