// Tries an event pattern (or a CloudEvents SQL filter) against an event with the node's own
// matcher, and says why not.
import {h, pretty} from '../dom.js';
import {ApiError, call} from '../api.js';
import {header, field, problemPanel} from '../ui.js';

const SAMPLE_PATTERN = {type: ['order.created'], data: {customer: {tier: ['gold']}, total: [{numeric: ['>', 100]}]}};
const SAMPLE_EVENT = {
  specversion: '1.0', id: 'o-1', source: '/shop', type: 'order.created',
  data: {customer: {tier: 'gold'}, total: 42},
};

export async function render() {
  const pattern = h('textarea', {rows: 14, spellcheck: 'false', class: 'code', testid: 'rule-pattern'});
  const event = h('textarea', {rows: 14, spellcheck: 'false', class: 'code', testid: 'rule-event'});
  // When a filter is given it is tested instead of the pattern (the call takes one of the two).
  const filter = h('input', {type: 'text', spellcheck: 'false', class: 'code', testid: 'rule-filter',
    placeholder: "type LIKE 'order.%' AND tier = 'gold'"});
  pattern.value = pretty(SAMPLE_PATTERN);
  event.value = pretty(SAMPLE_EVENT);
  const result = h('div', {class: 'result', testid: 'rule-result', 'aria-live': 'polite'});
  const form = h('form', {class: 'card', testid: 'rule-form', on: {submit: async (e) => {
    e.preventDefault();
    result.replaceChildren(h('p', {class: 'muted'}, 'Matching…'));
    const sql = filter.value.trim();
    const parsed = sql ? parse({event: event.value}) : parse({pattern: pattern.value, event: event.value});
    if (parsed.error) {
      result.replaceChildren(parsed.error);
      return;
    }
    if (sql) {
      parsed.value.filter = {cesql: sql};
    }
    try {
      const answer = await call('/v1/test-event-pattern?explain=true', {method: 'POST', body: parsed.value});
      result.replaceChildren(outcome(answer));
    } catch (error) {
      if (error instanceof ApiError && error.isAuth) {
        // The shell owns the key: it asks for it again and comes back here.
        window.dispatchEvent(new CustomEvent('signalbox:unauthorized'));
        return;
      }
      result.replaceChildren(problemPanel(error, 'rule-error'));
    }
  }}},
  h('div', {class: 'columns'},
    field('Event pattern', pattern, 'EventBridge pattern language, as in a rule'),
    field('Event', event, 'A CloudEvent in structured JSON form')),
  field('Or a CloudEvents SQL filter', filter, 'When filled, tested instead of the pattern'),
  h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary', testid: 'rule-submit'}, 'Test')));
  return [header('Test a rule', [], h('p', {class: 'lede'}, 'See whether a pattern or a SQL filter matches an event, and if not, why.')), form, result];
}

function parse(texts) {
  const value = {};
  for (const [name, text] of Object.entries(texts)) {
    try {
      value[name] = JSON.parse(text);
    } catch (e) {
      return {error: h('div', {class: 'panel panel-error', role: 'alert', testid: 'rule-error'},
        h('p', {class: 'panel-title'}, 'The ' + name + ' is not valid JSON'), h('p', null, e.message))};
    }
  }
  return {value};
}

function outcome(answer) {
  if (answer.result) {
    return h('div', {class: 'panel panel-ok', testid: 'rule-outcome', dataset: {result: 'true'}},
      h('p', {class: 'panel-title'}, '✓ It matches this event.'));
  }
  const why = answer.explanation;
  if (why && why.errors) {
    // A filter's explanation: its value and the evaluation errors cloudevents-sql collected.
    return h('div', {class: 'panel panel-no', testid: 'rule-outcome', dataset: {result: 'false'}},
      h('p', {class: 'panel-title'}, '✗ The filter does not match this event.'),
      h('dl', {class: 'facts', testid: 'rule-explanation'},
        h('dt', null, 'Why'), h('dd', {testid: 'rule-reason'}, why.reason),
        h('dt', null, 'Value'), h('dd', null, h('code', null, JSON.stringify(why.value))),
        ...why.errors.flatMap((error) => [h('dt', null, error.kind), h('dd', null, error.message)])));
  }
  return h('div', {class: 'panel panel-no', testid: 'rule-outcome', dataset: {result: 'false'}},
    h('p', {class: 'panel-title'}, '✗ The pattern does not match this event.'),
    why ? h('dl', {class: 'facts', testid: 'rule-explanation'},
      h('dt', null, 'Why'), h('dd', {testid: 'rule-reason'}, why.reason),
      h('dt', null, 'Condition'), h('dd', null, h('code', null, why.condition)),
      h('dt', null, 'Pattern member'), h('dd', null, h('code', null, why.patternPointer)),
      h('dt', null, 'Event field'), h('dd', null, h('code', null, why.eventPath))) : null);
}
