// Pieces every view uses: headings with breadcrumbs, problem panels, empty states.
import {h} from './dom.js';

/** The page heading with a trail of links back up; the last crumb is the current page. */
export function header(title, crumbs = [], ...extra) {
  const trail = crumbs.length
    ? h('nav', {'aria-label': 'Breadcrumb', class: 'crumbs'},
        h('ol', null, crumbs.map(([text, href]) => h('li', null, href ? h('a', {href}, text) : h('span', {'aria-current': 'page'}, text)))))
    : null;
  return h('div', {class: 'page-head'}, trail, h('h1', {testid: 'page-title'}, title), ...extra);
}

/** A failure shown in the page: the problem's title, detail and each offending field. */
export function problemPanel(error, testid = 'error') {
  const problem = error && error.problem;
  const errors = problem && Array.isArray(problem.errors) ? problem.errors : [];
  return h('div', {class: 'panel panel-error', role: 'alert', testid},
    h('p', {class: 'panel-title'}, problem && problem.title ? problem.title : 'Something went wrong'),
    h('p', null, error && error.message ? error.message : String(error)),
    problem && problem.code ? h('p', {class: 'muted'}, 'Code: ', h('code', null, problem.code)) : null,
    errors.length
      ? h('ul', {class: 'problem-errors'}, errors.map((e) => h('li', null,
          e.pointer !== undefined ? h('code', null, e.pointer || '/') : null, e.pointer !== undefined ? ' — ' : null,
          e.detail || e.message || JSON.stringify(e))))
      : null);
}

/** What to show when a list has nothing in it. */
export function empty(text, testid) {
  return h('p', {class: 'empty', testid}, text);
}

/** A labelled form field: the label is tied to the control for screen readers and clicks. */
export function field(label, control, hint) {
  const id = control.id || 'f-' + Math.random().toString(36).slice(2, 9);
  control.id = id;
  const hintEl = hint ? h('span', {class: 'hint', id: id + '-hint'}, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', id + '-hint');
  return h('div', {class: 'field'}, h('label', {for: id}, label), control, hintEl);
}

/** A tag list as chips. */
export function tags(list) {
  if (!Array.isArray(list) || list.length === 0) return h('span', {class: 'muted'}, 'none');
  return h('ul', {class: 'chips', 'aria-label': 'Tags'}, list.map((t) => h('li', {class: 'chip'}, t)));
}
