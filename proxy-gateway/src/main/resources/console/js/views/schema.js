// One schema: what it is for, its versions, which buses use it, and a way to compare versions.
import {h, route, time, badge} from '../dom.js';
import {call, listOf, v1} from '../api.js';
import {header, empty, field, tags} from '../ui.js';

export async function render({params}) {
  const {registry, schema} = params;
  const [summary, usage] = await Promise.all([
    call(v1('registries', registry, 'schemas', schema)),
    call(v1('registries', registry, 'schemas', schema, 'usage')).catch((error) => ({error})),
  ]);
  const versions = listOf(summary.versions, 'versions').slice().sort((a, b) => a.version - b.version);
  return [
    header(schema, [['Registries', '#/registries'], [registry, route('registries', registry)], [schema]]),
    h('dl', {class: 'facts', testid: 'schema-facts'},
      h('dt', null, 'Description'), h('dd', {testid: 'schema-description'}, summary.description || h('span', {class: 'muted'}, 'none')),
      h('dt', null, 'Tags'), h('dd', {testid: 'schema-tags'}, tags(summary.tags)),
      h('dt', null, 'Compatibility'), h('dd', {testid: 'schema-compatibility'}, summary.compatibility ? badge(summary.compatibility, 'compat') : '—'),
      h('dt', null, 'Latest version'), h('dd', null, summary.latestVersion ?? '—'),
      h('dt', null, 'Updated'), h('dd', null, time(summary.updatedAt))),
    h('div', {class: 'columns'},
      h('section', {'aria-labelledby': 'versions-h', class: 'card'},
        h('h2', {id: 'versions-h'}, 'Versions'),
        versions.length === 0 ? empty('No versions yet.') : versionList(registry, schema, versions),
        versions.length >= 2 ? compareForm(registry, schema, versions) : null),
      h('section', {'aria-labelledby': 'usage-h', class: 'card'},
        h('h2', {id: 'usage-h'}, 'Used by buses'),
        usageList(usage))),
  ];
}

function versionList(registry, schema, versions) {
  return h('ol', {class: 'versions', testid: 'versions', reversed: true},
    versions.slice().reverse().map((v) => h('li', {testid: 'version-item', dataset: {version: v.version}},
      h('a', {href: route('registries', registry, 'schemas', schema, 'versions', v.version), testid: 'version-link'}, 'Version ' + v.version),
      ' ', h('span', {class: 'muted'}, time(v.createdAt)))));
}

function compareForm(registry, schema, versions) {
  const options = (selected) => versions.map((v) => h('option', {value: v.version, selected: v.version === selected}, 'Version ' + v.version));
  const last = versions[versions.length - 1].version;
  const before = versions[versions.length - 2].version;
  const from = h('select', {testid: 'diff-from'}, options(before));
  const to = h('select', {testid: 'diff-to'}, options(last));
  return h('form', {class: 'compare', testid: 'diff-form', on: {submit: (e) => {
    e.preventDefault();
    location.hash = route('registries', registry, 'schemas', schema, 'diff', from.value, to.value);
  }}},
  h('h3', null, 'Compare two versions'),
  h('div', {class: 'inline-fields'}, field('From', from), field('To', to),
    h('button', {type: 'submit', class: 'primary', testid: 'diff-open'}, 'Show changes')));
}

function usageList(usage) {
  if (usage && usage.error) {
    return h('p', {class: 'muted', testid: 'usage-unknown'}, 'Not known: ' + usage.error.message);
  }
  const buses = listOf(usage, 'buses');
  if (buses.length === 0) return empty('No bus uses this schema.', 'usage-empty');
  return h('ul', {class: 'usage', testid: 'usage'}, buses.map((b) => {
    if (typeof b === 'string') return h('li', {testid: 'usage-bus'}, h('a', {href: '#/events?bus=' + encodeURIComponent(b)}, b));
    const name = b.bus || b.name;
    const details = Object.entries(b).filter(([k, v]) => k !== 'bus' && k !== 'name' && v !== null && typeof v !== 'object');
    return h('li', {testid: 'usage-bus'}, h('a', {href: '#/events?bus=' + encodeURIComponent(name)}, name),
      details.length ? h('span', {class: 'muted'}, ' — ' + details.map(([k, v]) => k + ': ' + v).join(', ')) : null);
  }));
}
