// The console's shell: hash routes to views, the API key prompt, and failure display.
import {h, replace} from './dom.js';
import {ApiError, call, forgetKey, rememberKey, storedKey} from './api.js';
import {header, problemPanel} from './ui.js';
import * as registries from './views/registries.js';
import * as schemas from './views/schemas.js';
import * as schema from './views/schema.js';
import * as version from './views/version.js';
import * as diff from './views/diff.js';
import * as buses from './views/buses.js';
import * as rule from './views/rule.js';
import * as event from './views/event.js';

const main = document.getElementById('main');
const forgetButton = document.getElementById('forget-key');

// Each route: the path's segments (':x' captures one) and the view that renders it.
const ROUTES = [
  {path: [], view: registries, nav: 'registries'},
  {path: ['registries'], view: registries, nav: 'registries'},
  {path: ['registries', ':registry'], view: schemas, nav: 'registries'},
  {path: ['registries', ':registry', 'schemas', ':schema'], view: schema, nav: 'registries'},
  {path: ['registries', ':registry', 'schemas', ':schema', 'versions', ':version'], view: version, nav: 'registries'},
  {path: ['registries', ':registry', 'schemas', ':schema', 'diff', ':from', ':to'], view: diff, nav: 'registries'},
  {path: ['buses'], view: buses, nav: 'buses'},
  {path: ['test-rule'], view: rule, nav: 'test-rule'},
  {path: ['events'], view: event, nav: 'events'},
];

let renderCount = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, queryText = ''] = raw.split('?', 2);
  const segments = path.split('/').filter((s) => s !== '').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return s;
    }
  });
  return {segments, query: new URLSearchParams(queryText)};
}

function match(segments) {
  for (const route of ROUTES) {
    if (route.path.length !== segments.length) continue;
    const params = {};
    const same = route.path.every((part, i) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = segments[i];
        return true;
      }
      return part === segments[i];
    });
    if (same) return {route, params};
  }
  return null;
}

function markNav(name) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** Asks for the key, checks it against the node, and then shows what was asked for. */
function keyPrompt(message) {
  forgetButton.hidden = true;
  markNav(null);
  const input = h('input', {type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', required: true,
    spellcheck: 'false', testid: 'key-input', 'aria-describedby': 'api-key-hint'});
  const status = h('p', {class: 'form-status', role: 'status', testid: 'key-status'}, message || '');
  const form = h('form', {class: 'card key-form', testid: 'key-form', on: {submit: async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    status.textContent = 'Checking the key…';
    try {
      await call('/v1/buses', {key});
      rememberKey(key);
      render();
    } catch (error) {
      status.textContent = error instanceof ApiError && error.isAuth
        ? 'The node did not accept this key.'
        : 'Could not reach the node: ' + error.message;
      input.select();
    }
  }}},
  h('h1', {testid: 'page-title'}, 'Sign in to the console'),
  h('p', null, 'Enter an API key of this node. It is kept in this browser tab only and sent with each request.'),
  h('div', {class: 'field'},
    h('label', {for: 'api-key'}, 'API key'), input,
    h('span', {class: 'hint', id: 'api-key-hint'}, 'A new node prints where its admin key is when it starts.')),
  h('button', {type: 'submit', class: 'primary', testid: 'key-submit'}, 'Open the console'),
  status);
  replace(main, form);
  document.title = 'Sign in · Signalbox';
  input.focus();
}

async function render() {
  const mine = ++renderCount;
  if (!storedKey()) {
    keyPrompt();
    return;
  }
  forgetButton.hidden = false;
  const {segments, query} = parseHash();
  const found = match(segments);
  if (!found) {
    markNav(null);
    replace(main, header('Not found'), h('p', null, 'No page here. ', h('a', {href: '#/registries'}, 'Go to the registries.')));
    return;
  }
  markNav(found.route.nav);
  main.setAttribute('aria-busy', 'true');
  main.dataset.loading = 'true';
  try {
    const view = await found.route.view.render({params: found.params, query});
    if (mine !== renderCount) return; // the user has moved on; a later render owns the page
    replace(main, view);
    document.title = (main.querySelector('h1')?.textContent || 'Console') + ' · Signalbox';
  } catch (error) {
    if (mine !== renderCount) return;
    if (error instanceof ApiError && error.isAuth) {
      forgetKey();
      keyPrompt('The node no longer accepts the key; enter it again.');
      return;
    }
    replace(main, header('Could not load this page'), problemPanel(error));
  } finally {
    if (mine === renderCount) {
      main.removeAttribute('aria-busy');
      delete main.dataset.loading;
    }
  }
}

forgetButton.addEventListener('click', () => {
  forgetKey();
  keyPrompt('Enter another key.');
});

window.addEventListener('signalbox:unauthorized', () => {
  forgetKey();
  keyPrompt('The node no longer accepts the key; enter it again.');
});

window.addEventListener('hashchange', () => {
  render().then(() => main.focus({preventScroll: true}));
});
render();
