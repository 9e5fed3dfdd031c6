// What changed between two versions of a schema, one row per JSON pointer, colour-coded and
// also marked with a word and a sign so that colour is never the only cue.
import {h, route, pretty} from '../dom.js';
import {call, listOf, v1, withQuery} from '../api.js';
import {header, empty, field} from '../ui.js';

const SIGNS = {added: '+', removed: '−', changed: '~'};

export async function render({params}) {
  const {registry, schema, from, to} = params;
  const base = ['registries', registry, 'schemas', schema];
  const [answer, summary] = await Promise.all([
    call(withQuery(v1(...base, 'diff'), {from, to})),
    call(v1(...base)),
  ]);
  const changes = listOf(answer, 'changes');
  const versions = listOf(summary.versions, 'versions').map((v) => v.version).sort((a, b) => a - b);
  const counts = {added: 0, removed: 0, changed: 0};
  for (const c of changes) counts[c.kind] = (counts[c.kind] || 0) + 1;
  return [
    header('Changes from version ' + (answer.from ?? from) + ' to ' + (answer.to ?? to),
      [['Registries', '#/registries'], [registry, route('registries', registry)], [schema, route(...base)], ['diff']],
      h('p', {class: 'lede', testid: 'diff-summary'},
        h('span', {class: 'count count-added'}, counts.added + ' added'), ' · ',
        h('span', {class: 'count count-removed'}, counts.removed + ' removed'), ' · ',
        h('span', {class: 'count count-changed'}, counts.changed + ' changed'), ' · ',
        h('a', {href: route(...base, 'versions', from)}, 'version ' + from), ' → ',
        h('a', {href: route(...base, 'versions', to)}, 'version ' + to))),
    picker(base, versions, from, to),
    changes.length === 0
      ? empty('These versions are the same.', 'diff-empty')
      : h('ol', {class: 'diff', testid: 'diff'}, changes.map(row)),
  ];
}

function row(change) {
  const kind = ['added', 'removed', 'changed'].includes(change.kind) ? change.kind : 'changed';
  return h('li', {class: 'change change-' + kind, testid: 'diff-change', dataset: {kind, pointer: change.pointer}},
    h('div', {class: 'change-head'},
      h('span', {class: 'sign', 'aria-hidden': 'true'}, SIGNS[kind]),
      h('span', {class: 'kind', testid: 'diff-kind'}, kind),
      h('code', {class: 'pointer', testid: 'diff-pointer'}, change.pointer === '' ? '/' : change.pointer),
      h('span', {class: 'muted field-name'}, fieldOf(change.pointer))),
    kind === 'changed'
      ? h('div', {class: 'values two'}, value('before', change.before, 'diff-before'), value('after', change.after, 'diff-after'))
      : h('div', {class: 'values'}, kind === 'added' ? value('new value', change.after, 'diff-after') : value('old value', change.before, 'diff-before')));
}

/** Where a pointer lands, as a reader names it: '/properties/a/items/properties/b/enum' is 'a[].b · enum'. */
function fieldOf(pointer) {
  const parts = String(pointer || '').split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let field = '';
  const rest = [];
  for (let i = 0; i < parts.length; i++) {
    if (rest.length === 0 && parts[i] === 'properties' && i + 1 < parts.length) {
      field += (field ? '.' : '') + parts[++i];
    } else if (rest.length === 0 && parts[i] === 'items' && field) {
      field += '[]';
    } else {
      rest.push(parts[i]);
    }
  }
  if (!field) return '';
  return rest.length ? field + ' · ' + rest.join('/') : field;
}

function value(label, v, testid) {
  if (v === undefined) return null;
  return h('div', {class: 'value'}, h('span', {class: 'value-label'}, label), h('pre', {class: 'code', testid}, pretty(v)));
}

function picker(base, versions, from, to) {
  if (versions.length < 2) return null;
  const options = (selected) => versions.map((v) => h('option', {value: v, selected: String(v) === String(selected)}, 'Version ' + v));
  const fromSelect = h('select', {testid: 'diff-from'}, options(from));
  const toSelect = h('select', {testid: 'diff-to'}, options(to));
  return h('form', {class: 'compare inline-fields', testid: 'diff-form', on: {submit: (e) => {
    e.preventDefault();
    location.hash = route(...base, 'diff', fromSelect.value, toSelect.value);
  }}}, field('From', fromSelect), field('To', toSelect), h('button', {type: 'submit', class: 'primary', testid: 'diff-open'}, 'Compare'));
}
