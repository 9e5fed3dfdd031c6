// A JSON Schema (2020-12 or draft-07) drawn as a tree people can read: one row per property
// with its type, whether it is required, its format, allowed values, limits and description.
// Local $refs are followed (once per branch, so recursive schemas end); remote ones are named.
import {h} from './dom.js';

const LIMITS = [
  ['minLength', 'min length'], ['maxLength', 'max length'], ['pattern', 'pattern'],
  ['minimum', '≥'], ['exclusiveMinimum', '>'], ['maximum', '≤'], ['exclusiveMaximum', '<'], ['multipleOf', 'multiple of'],
  ['minItems', 'min items'], ['maxItems', 'max items'], ['minProperties', 'min properties'], ['maxProperties', 'max properties'],
  ['contentMediaType', 'media type'], ['contentEncoding', 'encoding'],
];

/** The whole tree for a schema document; the root row stands for the event's data. */
export function schemaTree(schemaDocument) {
  const context = {root: schemaDocument};
  return h('div', {class: 'tree-wrap'},
    h('div', {class: 'tree-tools'},
      h('button', {type: 'button', class: 'quiet small', testid: 'tree-expand', on: {click: (e) => toggleAll(e, true)}}, 'Expand all'),
      h('button', {type: 'button', class: 'quiet small', testid: 'tree-collapse', on: {click: (e) => toggleAll(e, false)}}, 'Collapse all')),
    h('ul', {class: 'tree', testid: 'schema-tree'},
      node(context, {name: 'data', path: '', pointer: '', schema: schemaDocument, required: false, root: true}, new Set())));
}

function toggleAll(event, open) {
  const tree = event.target.closest('.tree-wrap');
  for (const details of tree.querySelectorAll('details')) details.open = open;
}

function node(context, item, refsSeen) {
  const resolved = resolve(context, item.schema, refsSeen);
  const children = resolved.recursive ? [] : childrenOf(resolved.schema, item);
  const row = h('span', {class: 'row'}, rowContent(item, resolved));
  const description = descriptionOf(resolved.schema);
  const body = [row, description ? h('span', {class: 'desc', testid: 'node-description'}, description) : null];
  const attrs = {class: 'node', testid: 'tree-node', dataset: {path: item.path || '$', pointer: item.pointer || '/'}};
  if (children.length === 0) return h('li', attrs, h('div', {class: 'leaf'}, body));
  return h('li', attrs, h('details', {open: true},
    h('summary', null, body),
    h('ul', null, children.map((child) => node(context, child, resolved.refsSeen)))));
}

function rowContent(item, {schema, ref, recursive}) {
  const parts = [h('span', {class: 'name', testid: 'node-name'}, item.root ? 'event data' : item.name)];
  parts.push(h('span', {class: 'type', testid: 'node-type'}, typeOf(schema)));
  if (item.required) parts.push(h('span', {class: 'required', testid: 'node-required', title: 'required'}, 'required'));
  if (schema && typeof schema === 'object') {
    if (schema.format) parts.push(h('span', {class: 'format', testid: 'node-format'}, 'format: ' + schema.format));
    if (Array.isArray(schema.enum)) {
      parts.push(h('span', {class: 'enum', testid: 'node-enum'}, 'one of: ',
        schema.enum.map((v, i) => [i ? ', ' : '', h('code', null, JSON.stringify(v))])));
    }
    if ('const' in schema) parts.push(h('span', {class: 'enum', testid: 'node-const'}, 'always ', h('code', null, JSON.stringify(schema.const))));
    for (const [key, label] of LIMITS) {
      if (key in schema) parts.push(h('span', {class: 'limit'}, label + ' ' + (typeof schema[key] === 'string' ? schema[key] : JSON.stringify(schema[key]))));
    }
    if (schema.uniqueItems === true) parts.push(h('span', {class: 'limit'}, 'unique items'));
    if ('default' in schema) parts.push(h('span', {class: 'limit'}, 'default ', h('code', null, JSON.stringify(schema.default))));
    if (schema.additionalProperties === false || schema.unevaluatedProperties === false) {
      parts.push(h('span', {class: 'limit', testid: 'node-closed'}, 'no other properties'));
    }
    if (schema.deprecated === true) parts.push(h('span', {class: 'flag'}, 'deprecated'));
    if (schema.readOnly === true) parts.push(h('span', {class: 'flag'}, 'read-only'));
    if (schema.writeOnly === true) parts.push(h('span', {class: 'flag'}, 'write-only'));
  }
  if (ref) parts.push(h('span', {class: 'ref', title: ref}, '→ ' + refName(ref)));
  if (recursive) parts.push(h('span', {class: 'flag'}, 'recursive, shown above'));
  return parts.map((p, i) => [i ? ' ' : '', p]);
}

function descriptionOf(schema) {
  if (!schema || typeof schema !== 'object') return null;
  if (schema.title && schema.description) return schema.title + ' — ' + schema.description;
  return schema.description || schema.title || null;
}

/** What a reader calls the type: 'string | null', 'array of integer', 'object', 'any'. */
function typeOf(schema) {
  if (schema === true || schema === undefined) return 'any';
  if (schema === false) return 'nothing';
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : inferred(schema);
  if (types.length === 0) return 'any';
  return types.map((t) => (t === 'array' && schema.items && !Array.isArray(schema.items) && typeof schema.items === 'object' && scalarType(schema.items)
    ? 'array of ' + scalarType(schema.items) : t)).join(' | ');
}

function scalarType(items) {
  if (typeof items.$ref === 'string' && Object.keys(items).length === 1) return refName(items.$ref);
  const t = items.type;
  if (typeof t === 'string' && t !== 'object' && t !== 'array') return t;
  return null;
}

function inferred(schema) {
  if (schema.properties || schema.additionalProperties || schema.patternProperties) return ['object'];
  if (schema.items || schema.prefixItems) return ['array'];
  if ('const' in schema) return [jsonType(schema.const)];
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map(jsonType))];
  if (schema.oneOf) return ['one of'];
  if (schema.anyOf) return ['any of'];
  if (schema.allOf) return ['all of'];
  return [];
}

function jsonType(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** Follows a local $ref (#/$defs/X, #/definitions/X); keeps the $ref's siblings (2020-12). */
function resolve(context, schema, refsSeen) {
  if (!schema || typeof schema !== 'object' || typeof schema.$ref !== 'string') return {schema, refsSeen};
  const ref = schema.$ref;
  if (!ref.startsWith('#')) return {schema, ref, refsSeen};
  const target = pointerGet(context.root, ref.slice(1));
  if (target === undefined) return {schema, ref, refsSeen};
  const {$ref, ...siblings} = schema;
  const merged = typeof target === 'object' && target !== null ? {...target, ...siblings} : target;
  // Seen higher up this branch: say what it is, but do not open it again (it would never end).
  if (refsSeen.has(ref)) return {schema: merged, ref, recursive: true, refsSeen};
  return {schema: merged, ref, refsSeen: new Set([...refsSeen, ref])};
}

function pointerGet(document, pointer) {
  if (pointer === '' || pointer === '/') return document;
  let current = document;
  for (const raw of pointer.split('/').slice(1)) {
    let key;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch (e) {
      return undefined;
    }
    if (current === null || typeof current !== 'object' || !(key in current)) return undefined;
    current = current[key];
  }
  return current;
}

function refName(ref) {
  const last = ref.split('/').pop();
  return last || ref;
}

function escapeSegment(name) {
  return String(name).replace(/~/g, '~0').replace(/\//g, '~1');
}

function childrenOf(schema, parent) {
  if (!schema || typeof schema !== 'object') return [];
  const out = [];
  const at = (suffix, name, child, path, required = false) =>
    out.push({name, schema: child, required, path, pointer: parent.pointer + suffix});
  const join = (name) => (parent.path ? parent.path + '.' + name : name);
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  if (schema.properties && typeof schema.properties === 'object') {
    for (const [name, child] of Object.entries(schema.properties)) {
      at('/properties/' + escapeSegment(name), name, child, join(name), required.has(name));
    }
  }
  // Required names with no property of their own still have to be there.
  for (const name of required) {
    if (!schema.properties || !(name in schema.properties)) at('/required', name, true, join(name), true);
  }
  if (schema.patternProperties && typeof schema.patternProperties === 'object') {
    for (const [pattern, child] of Object.entries(schema.patternProperties)) {
      at('/patternProperties/' + escapeSegment(pattern), 'names matching /' + pattern + '/', child, join('/' + pattern + '/'));
    }
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    at('/additionalProperties', 'any other property', schema.additionalProperties, join('*'));
  }
  const tuple = Array.isArray(schema.prefixItems) ? ['prefixItems', schema.prefixItems]
    : Array.isArray(schema.items) ? ['items', schema.items] : null;
  if (tuple) tuple[1].forEach((child, i) => at('/' + tuple[0] + '/' + i, 'item ' + i, child, parent.path + '[' + i + ']'));
  if (schema.items && !Array.isArray(schema.items) && typeof schema.items === 'object' && !scalarLeaf(schema.items)) {
    at('/items', 'each item', schema.items, parent.path + '[]');
  }
  for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
    if (Array.isArray(schema[keyword])) {
      const label = {oneOf: 'exactly one of', anyOf: 'any of', allOf: 'all of'}[keyword];
      schema[keyword].forEach((child, i) => at('/' + keyword + '/' + i, label + ' #' + (i + 1), child, parent.path + '<' + keyword + ' ' + (i + 1) + '>'));
    }
  }
  for (const keyword of ['not', 'if', 'then', 'else']) {
    if (schema[keyword] !== undefined && typeof schema[keyword] === 'object') at('/' + keyword, keyword, schema[keyword], parent.path + '<' + keyword + '>');
  }
  return out;
}

/** Items simple enough to say in the parent's type ('array of string') with nothing more to show. */
function scalarLeaf(items) {
  if (typeof items.$ref === 'string' || !scalarType(items)) return false;
  return Object.keys(items).every((k) => k === 'type');
}
