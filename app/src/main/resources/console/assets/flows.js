'use strict';
/*
 * The console's Flows page: the list of flows, an editor with one card per step and a drawing of where each answer
 * leads, and a tester that runs the draft without sending anything. Text reaches the page through textContent and
 * attribute setters only (ParleyConsole.h and createElementNS below), never as HTML.
 */
(function () {
  const C = window.ParleyConsole;
  const {h, api, toast, errorText, time, field, withCounter, counter, LIMITS, INTERACTIVE} = C;

  const STEP_TYPES = {
    MESSAGE: 'Send a message', ASK: 'Ask a question', BRANCH: 'Decide by a saved answer',
    HTTP: 'Look something up in your system', HANDOFF: 'Hand over to a person', END: 'End the flow'
  };
  const EXPECT_TYPES = {
    TEXT: 'Any text', NUMBER: 'A number', EMAIL: 'An email address', PHONE: 'A phone number', DATE: 'A date',
    CHOICE: 'One of the buttons or list choices', REGEX: 'Text matching a pattern (advanced)'
  };
  const MESSAGE_TYPES = {TEXT: 'Text', BUTTONS: 'Text with buttons', LIST: 'Text with a list', URL: 'Text with a link',
    MEDIA: 'Image or file'};
  const TESTS = {equals: 'is', contains: 'contains', matches: 'matches the pattern', exists: 'has a value'};
  const ENDINGS = {
    COMPLETED: 'The flow ended.', HANDED_OFF: 'Handed to a person: the bot goes quiet.',
    NO_VALID_ANSWER: 'Ended: no valid answer within the tries.', TIMED_OUT: 'Ended: no answer in time.',
    CALL_FAILED: 'Ended: the lookup failed.', STOPPED: 'Stopped: too many steps without waiting.',
    EXPIRED: 'Ended: the 24-hour window closed.', INTERRUPTED: 'Ended by a rule.', CANCELLED: 'Ended by a person.',
    GONE: 'Ended: the flow is gone.'
  };
  const END = '';

  C.route(/^#\/flows\/new$/, () => flowsView('new'));
  C.route(/^#\/flows\/(\d+)$/, m => flowsView(Number(m[1])));
  C.route(/^#\/flows$/, () => flowsView(null));

  function starter() {
    return {name: 'New flow', start: 'ask', steps: [
      {id: 'ask', type: 'ASK', message: {type: 'TEXT', text: 'What is your name?'}, expect: {type: 'TEXT'},
        save: 'name', next: 'thanks'},
      {id: 'thanks', type: 'END', message: {type: 'TEXT', text: 'Thank you, {{flow.name}}!'}}]};
  }

  async function flowsView(selected) {
    const result = await api('GET', '/api/flows');
    const flows = result.data || [];
    const list = h('section', {class: 'panel flow-list', 'aria-labelledby': 'flows-title'},
      h('div', {class: 'panel-head'}, h('h1', {id: 'flows-title'}, 'Flows'),
        h('div', {class: 'actions'}, h('a', {class: 'button primary', href: '#/flows/new', id: 'new-flow', 'data-needs': 'edit'}, 'New flow'),
          h('button', {type: 'button', onclick: exportFlows}, 'Export'),
          h('label', {class: 'button', for: 'import-flows', 'data-needs': 'edit'}, 'Import'),
          h('input', {type: 'file', id: 'import-flows', accept: 'application/json,.json', class: 'visually-hidden',
            onchange: e => importFlows(e.target)}))),
      h('p', {class: 'muted'}, 'A flow holds a conversation: it asks, remembers the answers, looks things up and '
        + 'carries on. A rule whose reply is "Start a conversation flow" starts it.'),
      flows.length === 0 ? h('p', {}, 'No flows yet.') : h('ul', {class: 'flows', id: 'flows'}, flows.map(f =>
        h('li', {class: f.id === selected ? 'active' : ''},
          h('a', {href: '#/flows/' + f.id, 'aria-current': f.id === selected ? 'true' : null}, f.name),
          h('span', {class: 'muted'}, ' ' + f.steps.length + ' steps · version ' + f.version)))));
    const editor = h('section', {class: 'panel flow-editor', 'aria-label': 'Flow editor'});
    const tester = h('section', {class: 'panel flow-tester', 'aria-labelledby': 'flow-tester-title', 'data-needs': 'edit'});
    C.main.replaceChildren(h('div', {class: 'flows-layout'}, list, h('div', {class: 'flow-work'}, editor, tester)));
    if (selected === null) {
      editor.replaceChildren(h('h2', {}, 'Editor'), h('p', {class: 'muted'}, 'Choose a flow to edit, or create one.'));
      tester.hidden = true;
      return;
    }
    const flow = selected === 'new' ? starter() : flows.find(f => f.id === selected);
    if (!flow) {
      editor.replaceChildren(h('p', {class: 'notice error'}, 'No flow with id ' + selected));
      tester.hidden = true;
      return;
    }
    renderEditor(editor, tester, JSON.parse(JSON.stringify(flow)));
  }

  function exportFlows() {
    return C.download('/api/flows/export', 'parley-flows.json');
  }

  async function importFlows(input) {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    let doc;
    try { doc = JSON.parse(await file.text()); } catch (e) { return toast('Not a JSON file: ' + e.message, 'error'); }
    const n = (doc.flows || []).length;
    if (!window.confirm('Take in ' + (n === 1 ? 'one flow' : n + ' flows') + ' from ' + file.name + '? A flow with '
      + 'the same name as one here becomes its next version; the others are added.')) return;
    const result = await api('POST', '/api/flows/import', doc);
    if (!result.ok) {
      const fields = (result.data && result.data.fields) || [];
      return toast(errorText(result) + fields.map(f => ' ' + f.field + ': ' + f.message).join(';'), 'error');
    }
    toast((result.data.flows.length === 1 ? 'One flow' : result.data.flows.length + ' flows') + ' taken in');
    await flowsView(null);
  }

  // ---------- the editor ----------

  function renderEditor(container, testerBox, flow) {
    const isNew = !flow.id;
    const doc = {name: flow.name, start: flow.start, steps: flow.steps || []};
    let readers = [];
    const summary = h('div', {class: 'notice error', role: 'alert', hidden: true, id: 'flow-errors', tabindex: -1});
    const name = h('input', {id: 'flow-name', value: doc.name || '', maxlength: 200});
    const start = h('select', {id: 'flow-start'});
    const cards = h('ol', {class: 'steps', id: 'flow-steps'});
    const graph = h('div', {class: 'flow-graph', id: 'flow-graph'});
    const routesInWords = h('ul', {class: 'routes-words'});
    const addType = h('select', {id: 'add-step-type', 'aria-label': 'Kind of step to add'},
      Object.entries(STEP_TYPES).map(([t, label]) => h('option', {value: t}, label)));
    const history = h('div', {class: 'history', id: 'flow-history'});
    const graphCaption = h('figcaption', {}, 'Where each answer leads (select a step to edit it)');

    /** The flow as the API takes it, from what the cards hold now. */
    function collect() {
      doc.name = name.value;
      doc.start = start.value;
      doc.steps = readers.map(read => read());
      return {name: doc.name, start: doc.start, steps: doc.steps};
    }

    function stepIds() {
      return doc.steps.map(s => s.id).filter(Boolean);
    }

    function savedVariables() {
      const names = new Set();
      doc.steps.forEach(s => {
        if (s.type === 'ASK' && s.save) names.add(s.save);
        if (s.type === 'HTTP' && s.save) Object.keys(s.save).forEach(n => names.add(n));
      });
      return [...names];
    }

    /** A "go to" menu of every step, with "(end the flow)"; onchange keeps the drawing current. */
    function routeSelect(value, id, api) {
      const select = h('select', {id}, h('option', {value: END}, '(end the flow)'),
        doc.steps.map(s => h('option', {value: s.id}, s.id + ' — ' + (STEP_TYPES[s.type] || s.type))));
      select.value = value && stepIds().includes(value) ? value : END;
      select.dataset.field = api;
      return select;
    }

    /** Re-draws every card from the document (after a structural change), focusing focusId when given. */
    function renderCards(focusId) {
      readers = [];
      const vars = h('datalist', {id: 'flow-variables'}, savedVariables().map(v => h('option', {value: v})));
      start.replaceChildren(...doc.steps.map(s => h('option', {value: s.id}, s.id)));
      start.value = stepIds().includes(doc.start) ? doc.start : (doc.steps[0] || {}).id || '';
      cards.replaceChildren(vars, ...doc.steps.map((step, i) => card(step, i)));
      redraw();
      if (focusId) (document.getElementById(focusId) || cards).focus();
    }

    function structural(change, focusId) {
      collect();
      change();
      renderCards(focusId);
    }

    function card(step, i) {
      const p = 'step-' + i + '-';
      const api = 'steps[' + i + ']';
      const id = h('input', {id: p + 'id', value: step.id || '', maxlength: 64, pattern: '[A-Za-z0-9_-]+'});
      id.addEventListener('change', () => {
        const old = step.id;
        const renamed = id.value.trim();
        structural(() => { renameStep(doc, old, renamed); }, p + 'id');
      });
      const type = h('select', {id: p + 'type', 'aria-label': 'Kind of step'},
        Object.entries(STEP_TYPES).map(([t, label]) => h('option', {value: t}, label)));
      type.value = step.type;
      type.addEventListener('change', () => structural(() => { doc.steps[i] = retype(doc.steps[i], type.value); },
        p + 'type'));
      const body = h('div', {class: 'step-body'});
      const read = stepFields(step, i, p, api, body);
      readers.push(() => Object.assign({id: id.value.trim(), type: type.value}, read()));
      const move = delta => structural(() => {
        const [s] = doc.steps.splice(i, 1);
        doc.steps.splice(i + delta, 0, s);
      }, 'step-' + (i + delta) + '-' + (delta < 0 ? 'up' : 'down'));
      return h('li', {class: 'step-card step-' + step.type.toLowerCase(), 'data-step-id': step.id, id: 'card-' + step.id},
        h('div', {class: 'step-head'},
          h('span', {class: 'step-number', 'aria-hidden': 'true'}, String(i + 1)),
          field('Step name', id, api + '.id', 'Letters, digits, - and _; other steps lead here by it'),
          field('Kind', type, api + '.type'),
          h('span', {class: 'reorder'},
            h('button', {type: 'button', class: 'icon', id: p + 'up', disabled: i === 0, onclick: () => move(-1),
              'aria-label': 'Move step ' + step.id + ' up'}, '↑'),
            h('button', {type: 'button', class: 'icon', id: p + 'down', disabled: i === doc.steps.length - 1,
              onclick: () => move(1), 'aria-label': 'Move step ' + step.id + ' down'}, '↓'),
            h('button', {type: 'button', class: 'small danger', id: p + 'remove',
              'aria-label': 'Remove step ' + step.id, disabled: doc.steps.length === 1,
              onclick: () => structural(() => { doc.steps.splice(i, 1); }, 'add-step')}, 'Remove'))),
        body);
    }

    /** The fields of one step's kind into body; returns a function that reads them back as the API's JSON. */
    function stepFields(step, i, p, api, body) {
      const parts = [];
      let read = () => ({});
      if (step.type === 'MESSAGE' || step.type === 'ASK') {
        const msg = messageEditor(step.message || {type: 'TEXT'}, p + 'msg-', api + '.message',
          step.type === 'ASK' ? 'The question' : 'The message');
        parts.push(msg.box);
        if (step.type === 'MESSAGE') {
          const next = routeSelect(step.next, p + 'next', api + '.next');
          parts.push(field('Then go to', next, api + '.next'));
          read = () => ({message: msg.read(), next: next.value || null});
        } else {
          const e = step.expect || {type: 'TEXT'};
          const expect = h('select', {id: p + 'expect'}, Object.entries(EXPECT_TYPES).map(([t, l]) => h('option', {value: t}, l)));
          expect.value = e.type || 'TEXT';
          const pattern = h('input', {id: p + 'pattern', value: e.pattern || '', placeholder: '(\\d{5})'});
          const save = h('input', {id: p + 'save', value: step.save || '', placeholder: 'e.g. order', list: 'flow-variables'});
          const retries = h('input', {id: p + 'retries', type: 'number', min: 0, max: 10, value: step.retries ?? 2});
          const invalid = h('textarea', {id: p + 'invalid', rows: 2,
            placeholder: 'empty: the question is asked again'}, ((step.invalidMessage || {}).text) || '');
          const onInvalid = routeSelect(step.onInvalid, p + 'on-invalid', api + '.onInvalid');
          const timeout = h('input', {id: p + 'timeout', value: step.timeout || '', placeholder: 'e.g. 30m, 2h; empty: none'});
          const onTimeout = routeSelect(step.onTimeout, p + 'on-timeout', api + '.onTimeout');
          const next = routeSelect(step.next, p + 'next', api + '.next');
          const choicesBox = h('div', {class: 'choices', 'data-error-for': api + '.expect.choices'});
          const choiceSelects = {};
          const patternBox = field('Pattern (RE2; the first group in brackets is saved)', pattern, api + '.expect.pattern');
          const nextBox = field('When the answer is valid, go to', next, api + '.next');
          const renderChoices = () => {
            const options = msg.options();
            const current = Object.assign({}, e.choices || {}, Object.fromEntries(Object.entries(choiceSelects)
              .map(([k, sel]) => [k, sel.value])));
            Object.keys(choiceSelects).forEach(k => delete choiceSelects[k]);
            choicesBox.replaceChildren(h('p', {class: 'hint'}, options.length
              ? 'Where each of the question\'s options leads:'
              : 'Give the question buttons or a list (above), then choose where each option leads.'),
            ...options.map((o, k) => {
              const sel = routeSelect(current[o.id], p + 'choice-' + k, api + '.expect.choices.' + o.id);
              choiceSelects[o.id] = sel;
              sel.addEventListener('change', redraw);
              return field('“' + (o.title || o.id) + '” goes to', sel, api + '.expect.choices.' + o.id);
            }));
          };
          const sync = () => {
            patternBox.hidden = expect.value !== 'REGEX';
            choicesBox.hidden = expect.value !== 'CHOICE';
            nextBox.hidden = expect.value === 'CHOICE';
            if (expect.value === 'CHOICE') renderChoices();
          };
          expect.addEventListener('change', () => { sync(); redraw(); });
          msg.box.addEventListener('options-changed', () => { if (expect.value === 'CHOICE') { renderChoices(); redraw(); } });
          parts.push(field('The answer must be', expect, api + '.expect.type'), patternBox,
            field('Remember the answer as', save, api + '.save', 'Other steps write it as {{flow.' + (step.save || 'name') + '}}'),
            choicesBox, nextBox,
            h('details', {class: 'step-more', open: !!(step.invalidMessage || step.timeout || step.onInvalid)},
              h('summary', {}, 'When the answer is not valid, or does not come'),
              field('Tries before giving up', retries, api + '.retries'),
              withCounter(field('Say when an answer is not valid', invalid, api + '.invalidMessage'), invalid, LIMITS.text),
              field('After the last try, go to', onInvalid, api + '.onInvalid'),
              field('Wait at most', timeout, api + '.timeout', 'From 10 seconds to 24 hours'),
              field('Without an answer in time, go to', onTimeout, api + '.onTimeout')));
          sync();
          read = () => {
            const out = {message: msg.read(), expect: {type: expect.value}, save: save.value.trim() || null,
              retries: retries.value === '' ? null : Number(retries.value),
              invalidMessage: invalid.value.trim() ? {type: 'TEXT', text: invalid.value} : null,
              onInvalid: onInvalid.value || null, timeout: timeout.value.trim() || null,
              onTimeout: onTimeout.value || null};
            if (expect.value === 'REGEX') out.expect.pattern = pattern.value;
            if (expect.value === 'CHOICE') {
              out.expect.choices = Object.fromEntries(Object.entries(choiceSelects)
                .filter(([, sel]) => sel.value).map(([k, sel]) => [k, sel.value]));
            } else {
              out.next = next.value || null;
            }
            return out;
          };
        }
      } else if (step.type === 'BRANCH') {
        const cases = (step.cases || []).map(c => {
          const test = Object.keys(TESTS).find(t => c[t] !== undefined && c[t] !== null) || 'equals';
          return {variable: c.variable || '', test, value: test === 'exists' ? '' : String(c[test] ?? ''), next: c.next};
        });
        if (!cases.length) cases.push({variable: '', test: 'equals', value: '', next: null});
        const caseList = h('ol', {class: 'cases', id: p + 'cases'});
        const otherwise = routeSelect(step.otherwise, p + 'otherwise', api + '.otherwise');
        const caseReaders = [];
        const renderCases = focus => {
          caseReaders.length = 0;
          caseList.replaceChildren(...cases.map((c, k) => {
            const variable = h('input', {id: p + 'case-' + k + '-variable', value: c.variable, list: 'flow-variables'});
            const test = h('select', {id: p + 'case-' + k + '-test'}, Object.entries(TESTS).map(([t, l]) => h('option', {value: t}, l)));
            test.value = c.test;
            const value = h('input', {id: p + 'case-' + k + '-value', value: c.value});
            const next = routeSelect(c.next, p + 'case-' + k + '-next', api + '.cases[' + k + '].next');
            const valueBox = field('Value', value, api + '.cases[' + k + '].' + c.test);
            test.addEventListener('change', () => { valueBox.hidden = test.value === 'exists'; });
            valueBox.hidden = c.test === 'exists';
            next.addEventListener('change', redraw);
            caseReaders.push(() => {
              Object.assign(c, {variable: variable.value.trim(), test: test.value, value: value.value, next: next.value || null});
              const out = {variable: c.variable, next: c.next};
              out[c.test] = c.test === 'exists' ? true : c.value;
              return out;
            });
            return h('li', {class: 'case'},
              h('span', {class: 'case-if'}, k === 0 ? 'If' : 'Else if'),
              field('Saved answer', variable, api + '.cases[' + k + '].variable'), field('Test', test, api + '.cases[' + k + ']'),
              valueBox, field('Go to', next, api + '.cases[' + k + '].next'),
              h('button', {type: 'button', class: 'small danger', disabled: cases.length === 1,
                'aria-label': 'Remove case ' + (k + 1), onclick: () => { caseReaders.forEach(r => r()); cases.splice(k, 1); renderCases(p + 'add-case'); redraw(); }},
                'Remove'));
          }));
          if (focus) (document.getElementById(focus) || caseList).focus();
        };
        renderCases();
        parts.push(h('div', {'data-error-for': api + '.cases', class: 'field-error'}), caseList,
          h('button', {type: 'button', class: 'small', id: p + 'add-case', onclick: () => {
            caseReaders.forEach(r => r());
            cases.push({variable: '', test: 'equals', value: '', next: null});
            renderCases(p + 'case-' + (cases.length - 1) + '-variable');
          }}, '+ Add a case'),
          field('Otherwise go to', otherwise, api + '.otherwise'));
        read = () => ({cases: caseReaders.map(r => r()), otherwise: otherwise.value || null});
      } else if (step.type === 'HTTP') {
        const method = h('select', {id: p + 'method'}, ['GET', 'POST', 'PUT'].map(m => h('option', {value: m}, m)));
        method.value = step.method || 'GET';
        const url = h('input', {id: p + 'url', value: step.url || '', placeholder: 'https://shop.example/orders/{{flow.order}}'});
        const headers = h('textarea', {id: p + 'headers', rows: 2, placeholder: 'Authorization: Bearer {{secret.SHOP_TOKEN}}'},
          Object.entries(step.headers || {}).map(([k, v]) => k + ': ' + v).join('\n'));
        const bodyText = h('textarea', {id: p + 'body', rows: 3, placeholder: '{"order": "{{flow.order}}"}'},
          step.body === undefined || step.body === null ? '' : typeof step.body === 'string' ? step.body
            : JSON.stringify(step.body, null, 2));
        const save = h('textarea', {id: p + 'save', rows: 2, placeholder: 'state = /status'},
          Object.entries(step.save || {}).map(([k, v]) => k + ' = ' + v).join('\n'));
        const timeout = h('input', {id: p + 'timeout', value: step.timeout || '', placeholder: '5s (at most 10s)'});
        const next = routeSelect(step.next, p + 'next', api + '.next');
        const onError = routeSelect(step.onError, p + 'on-error', api + '.onError');
        const bodyBox = field('Body (JSON)', bodyText, api + '.body', 'Variables are filled in as JSON text');
        const sync = () => { bodyBox.hidden = method.value === 'GET'; };
        method.addEventListener('change', sync);
        sync();
        parts.push(h('div', {class: 'row'}, field('Method', method, api + '.method'), field('Address', url, api + '.url',
          'May use {{flow.<name>}}; runs in the background, never while the customer waits on the webhook')),
        field('Headers', headers, api + '.headers', 'One per line, Name: value. Keys and passwords: {{secret.NAME}} '
          + '(set PARLEY_FLOWS_SECRET_NAME), never the value itself'),
        bodyBox,
        field('Remember from the answer', save, api + '.save', 'One per line: name = JSON Pointer, e.g. state = /status'),
        field('Wait at most', timeout, api + '.timeout'),
        field('When it answers (2xx), go to', next, api + '.next'),
        field('When it fails (an error, no answer after 3 tries), go to', onError, api + '.onError'));
        read = () => {
          const out = {method: method.value, url: url.value.trim(), timeout: timeout.value.trim() || null,
            next: next.value || null, onError: onError.value || null};
          const hs = pairs(headers.value, ':');
          if (Object.keys(hs).length) out.headers = hs;
          const sv = pairs(save.value, '=');
          if (Object.keys(sv).length) out.save = sv;
          if (method.value !== 'GET' && bodyText.value.trim()) {
            try { out.body = JSON.parse(bodyText.value); } catch (e) { out.body = bodyText.value; }
          }
          return out;
        };
      } else {
        const text = h('textarea', {id: p + 'text', rows: 2, placeholder: 'optional'}, ((step.message || {}).text) || '');
        parts.push(withCounter(field(step.type === 'HANDOFF' ? 'Say before a person takes over' : 'Last message',
          text, api + '.message.text'), text, LIMITS.text));
        read = () => ({message: text.value.trim() ? {type: 'TEXT', text: text.value} : null});
      }
      body.replaceChildren(...parts);
      body.addEventListener('change', e => { if (e.target.tagName === 'SELECT') redraw(); });
      return read;
    }

    let funnel = null;
    function redraw() {
      const draft = collectQuietly();
      drawGraph(graph, draft, id => {
        const target = document.getElementById('card-' + id);
        if (target) { target.scrollIntoView({block: 'start'}); (target.querySelector('input, select, textarea') || target).focus(); }
      }, funnel);
      routesInWords.replaceChildren(...edges(draft).map(e => h('li', {}, e.from + ' → ' + (e.to || 'end') + (e.label ? ' (' + e.label + ')' : ''))));
    }

    function collectQuietly() {
      try { return collect(); } catch (e) { return doc; }
    }

    async function save(e) {
      e.preventDefault();
      const body = collect();
      const result = isNew ? await api('POST', '/api/flows', body) : await api('PUT', '/api/flows/' + flow.id, body);
      if (!result.ok) return C.showFieldErrors(container, summary, result, {}, {
        field: name => {
          const m = name.match(/^steps\[(\d+)\]\.?(.*)$/);
          if (!m) return name === 'name' ? 'Name' : name === 'start' ? 'Starts at' : name;
          const step = doc.steps[Number(m[1])] || {};
          return 'Step ' + (Number(m[1]) + 1) + (step.id ? ' “' + step.id + '”' : '') + (m[2] ? ' (' + m[2] + ')' : '');
        }
      });
      toast('Saved “' + result.data.name + '” (version ' + result.data.version + ')');
      window.location.hash = '#/flows/' + result.data.id;
      if (!isNew) await flowsView(result.data.id);
    }

    async function remove() {
      if (!window.confirm('Delete the flow “' + flow.name + '”? Conversations in it finish on their version.')) return;
      const result = await api('DELETE', '/api/flows/' + flow.id);
      if (!result.ok) return toast(errorText(result), 'error');
      toast('Deleted “' + flow.name + '”');
      window.location.hash = '#/flows';
    }

    const form = h('form', {novalidate: true, onsubmit: save, id: 'flow-form'},
      h('h2', {}, isNew ? 'New flow' : 'Edit “' + flow.name + '”'),
      summary,
      h('div', {class: 'row'}, withCounter(field('Name', name, 'name'), name, 200), field('Starts at', start, 'start')),
      h('figure', {class: 'graph-box'}, graphCaption, graph,
        h('details', {}, h('summary', {}, 'The same in words'), routesInWords)),
      h('h3', {}, 'Steps'),
      h('div', {class: 'field-error', 'data-error-for': 'steps'}),
      cards,
      h('div', {class: 'actions add-step'}, addType,
        h('button', {type: 'button', id: 'add-step', onclick: () => structural(() => {
          doc.steps.push(retype({id: uniqueId(doc, addType.value.toLowerCase())}, addType.value));
        }, 'step-' + doc.steps.length + '-id')}, '+ Add step')),
      h('div', {class: 'actions'},
        h('button', {type: 'submit', class: 'primary', id: 'save-flow', 'data-needs': 'edit'}, isNew ? 'Create flow' : 'Save as a new version'),
        isNew ? null : h('button', {type: 'button', class: 'danger', onclick: remove, 'data-needs': 'edit'}, 'Delete'),
        h('a', {href: '#/flows', class: 'button'}, 'Close')),
      isNew ? null : history);
    name.addEventListener('input', () => { doc.name = name.value; });
    start.addEventListener('change', redraw);
    container.replaceChildren(form);
    renderCards();
    renderTester(testerBox, collect);
    if (!isNew) {
      loadHistory(flow, history);
      // the last 7 days on the drawing: how many came to each step, how many left the flow there
      const to = new Date();
      api('GET', '/api/analytics/flows/' + flow.id + '?from=' + encodeURIComponent(new Date(to.getTime()
        - 7 * 86400000).toISOString()) + '&to=' + encodeURIComponent(to.toISOString())).then(r => {
        if (!r.ok) return;
        funnel = Object.fromEntries(r.data.steps.map(x => [x.id, x]));
        graphCaption.textContent = 'Where each answer leads, and how many customers came to each step in the last 7 '
          + 'days (' + r.data.started + ' started); select a step to edit it';
        redraw();
      });
    }
  }

  /** "Name: value" lines as an object. */
  function pairs(text, separator) {
    const out = {};
    text.split('\n').map(l => l.trim()).filter(Boolean).forEach(line => {
      const at = line.indexOf(separator);
      if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    });
    return out;
  }

  function uniqueId(doc, base) {
    const ids = new Set(doc.steps.map(s => s.id));
    for (let n = 1; ; n++) if (!ids.has(base + '-' + n)) return base + '-' + n;
  }

  /** The step as another kind, keeping what both kinds have. */
  function retype(step, type) {
    const out = {id: step.id, type};
    if (['MESSAGE', 'ASK'].includes(type)) out.message = step.message || {type: 'TEXT', text: ''};
    if (['HANDOFF', 'END'].includes(type) && step.message && step.message.type === 'TEXT') out.message = step.message;
    if (type === 'ASK') { out.expect = {type: 'TEXT'}; out.retries = 2; }
    if (type === 'BRANCH') out.cases = [];
    if (type === 'HTTP') out.method = 'GET';
    if (step.next && ['MESSAGE', 'ASK', 'HTTP'].includes(type)) out.next = step.next;
    return out;
  }

  function renameStep(doc, old, renamed) {
    doc.steps.forEach(s => {
      if (s.id === old) s.id = renamed;
      ['next', 'onInvalid', 'onTimeout', 'onError', 'otherwise'].forEach(k => { if (s[k] === old) s[k] = renamed; });
      (s.cases || []).forEach(c => { if (c.next === old) c.next = renamed; });
      const choices = (s.expect || {}).choices || {};
      Object.keys(choices).forEach(k => { if (choices[k] === old) choices[k] = renamed; });
    });
    if (doc.start === old) doc.start = renamed;
  }

  /**
   * A step's message: the kinds a flow may send (text, buttons, list, link, image or file), with the same limits and
   * counters as a rule's reply. options() gives the buttons' or list's options as they are now.
   */
  function messageEditor(m, p, api, legend) {
    const type = h('select', {id: p + 'type'}, Object.entries(MESSAGE_TYPES).map(([t, l]) => h('option', {value: t}, l)));
    type.value = MESSAGE_TYPES[m.type] ? m.type : 'TEXT';
    const text = h('textarea', {id: p + 'text', rows: 2}, m.text || '');
    const header = h('input', {id: p + 'header', value: m.header || ''});
    const footer = h('input', {id: p + 'footer', value: m.footer || ''});
    const buttonText = h('input', {id: p + 'button-text', value: m.buttonText || '', placeholder: 'See the choices'});
    const url = h('input', {id: p + 'url', value: m.url || '', placeholder: 'https://...'});
    const title = h('input', {id: p + 'link-title', value: m.title || '', placeholder: 'Open'});
    const caption = h('input', {id: p + 'caption', value: m.caption || ''});
    const options = C.interactiveOptions(m, p, api);
    const limit = () => INTERACTIVE.includes(type.value) ? LIMITS.body : LIMITS.text;
    const boxes = {
      header: withCounter(field('Heading (optional)', header, api + '.header'), header, LIMITS.header),
      text: withCounter(field('Text', text, api + '.text', 'May use {{flow.<name>}} for what the flow remembers'),
        null, null, counter(text, limit)),
      footer: withCounter(field('Small print below (optional)', footer, api + '.footer'), footer, LIMITS.footer),
      buttons: options.buttonsBox,
      buttonText: withCounter(field('Label of the button that opens the list', buttonText, api + '.buttonText'),
        buttonText, LIMITS.buttonText),
      sections: options.sectionsBox,
      url: field('Address', url, api + '.url'),
      title: withCounter(field('Label of the link button', title, api + '.title'), title, LIMITS.urlTitle),
      caption: field('Caption', caption, api + '.caption')
    };
    const sync = () => {
      const t = type.value;
      const interactive = INTERACTIVE.includes(t);
      boxes.text.hidden = t === 'MEDIA';
      boxes.header.hidden = boxes.footer.hidden = !interactive;
      boxes.buttons.hidden = t !== 'BUTTONS';
      boxes.buttonText.hidden = boxes.sections.hidden = t !== 'LIST';
      boxes.url.hidden = !(t === 'URL' || t === 'MEDIA');
      boxes.title.hidden = t !== 'URL';
      boxes.caption.hidden = t !== 'MEDIA';
    };
    type.addEventListener('change', () => { sync(); type.dispatchEvent(new CustomEvent('options-changed', {bubbles: true})); });
    sync();
    const box = h('fieldset', {class: 'message-box'}, h('legend', {}, legend), field('Kind', type, api + '.type'),
      Object.values(boxes));
    return {
      box,
      options: () => type.value === 'BUTTONS' ? options.buttons().filter(o => o.id)
        : type.value === 'LIST' ? options.sections().flatMap(s => s.rows).filter(o => o.id) : [],
      read: () => {
        const t = type.value;
        const out = {type: t};
        if (t !== 'MEDIA') out.text = text.value;
        if (INTERACTIVE.includes(t)) { out.header = header.value.trim() || null; out.footer = footer.value.trim() || null; }
        if (t === 'BUTTONS') out.buttons = options.buttons();
        if (t === 'LIST') { out.buttonText = buttonText.value; out.sections = options.sections(); }
        if (t === 'URL') { out.url = url.value.trim(); out.title = title.value; }
        if (t === 'MEDIA') { out.url = url.value.trim(); out.caption = caption.value || null; }
        return out;
      }
    };
  }

  // ---------- the drawing ----------

  /** Every route of the flow: {from, to, label}; to is null where the flow ends. */
  function edges(flow) {
    const out = [];
    const titles = {};
    (flow.steps || []).forEach(s => {
      const m = s.message || {};
      (m.buttons || []).forEach(b => { titles[s.id + '/' + b.id] = b.title; });
      (m.sections || []).forEach(sec => (sec.rows || []).forEach(r => { titles[s.id + '/' + r.id] = r.title; }));
    });
    (flow.steps || []).forEach(s => {
      const add = (to, label) => out.push({from: s.id, to: to || null, label});
      if (s.type === 'MESSAGE') add(s.next, '');
      if (s.type === 'ASK') {
        if ((s.expect || {}).type === 'CHOICE') {
          Object.entries(s.expect.choices || {}).forEach(([o, to]) => add(to, '“' + (titles[s.id + '/' + o] || o) + '”'));
        } else {
          add(s.next, 'answered');
        }
        if (s.onInvalid) add(s.onInvalid, 'no valid answer');
        if (s.onTimeout) add(s.onTimeout, 'no answer in time');
      }
      if (s.type === 'BRANCH') {
        (s.cases || []).forEach(c => {
          const test = Object.keys(TESTS).find(t => c[t] !== undefined && c[t] !== null) || 'exists';
          add(c.next, c.variable + ' ' + TESTS[test] + (test === 'exists' ? '' : ' “' + c[test] + '”'));
        });
        add(s.otherwise, 'otherwise');
      }
      if (s.type === 'HTTP') { add(s.next, 'answered'); add(s.onError, 'failed'); }
    });
    return out;
  }

  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, text) {
    const el = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => el.setAttribute(k, String(v)));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** Steps in columns by their distance from the start, routes as arrows with their labels. */
  /**
   * Draws the flow; with counts (step id to {entered, left} in the last days), each step shows how many customers
   * came to it and how many left the flow there: the funnel drawn on the steps.
   */
  function drawGraph(box, flow, select, counts) {
    const steps = flow.steps || [];
    const byId = Object.fromEntries(steps.map(s => [s.id, s]));
    const routes = edges(flow);
    const depth = {};
    const queue = byId[flow.start] ? [flow.start] : [];
    if (queue.length) depth[flow.start] = 0;
    while (queue.length) {
      const id = queue.shift();
      routes.filter(e => e.from === id && e.to && byId[e.to] && depth[e.to] === undefined).forEach(e => {
        depth[e.to] = depth[id] + 1;
        queue.push(e.to);
      });
    }
    const maxDepth = Math.max(0, ...Object.values(depth));
    steps.forEach(s => { if (depth[s.id] === undefined) depth[s.id] = maxDepth + 1; });
    const columns = {};
    steps.forEach(s => { (columns[depth[s.id]] = columns[depth[s.id]] || []).push(s.id); });
    const W = 150, H = counts ? 60 : 46, GX = 70, GY = 34;
    const pos = {};
    Object.entries(columns).forEach(([d, ids]) => ids.forEach((id, row) => {
      pos[id] = {x: 10 + Number(d) * (W + GX), y: 10 + row * (H + GY)};
    }));
    const width = 20 + (Math.max(0, ...Object.keys(columns).map(Number)) + 1) * (W + GX);
    const height = 20 + Math.max(1, ...Object.values(columns).map(c => c.length)) * (H + GY) + 30;
    const root = svg('svg', {viewBox: '0 0 ' + width + ' ' + height, width, height, role: 'img',
      'aria-label': 'Drawing of the flow: ' + routes.length + ' routes between ' + steps.length + ' steps'});
    const defs = svg('defs');
    const marker = svg('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
      orient: 'auto-start-reverse'});
    marker.append(svg('path', {d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head'}));
    defs.append(marker);
    root.append(defs);
    const endsAt = {};
    routes.forEach((e, k) => {
      const a = pos[e.from];
      if (!a) return;
      const b = e.to ? pos[e.to] : null;
      if (!b) {
        // where a route ends the flow: a short dashed line down to a small end mark, the label beside it
        const n = endsAt[e.from] = (endsAt[e.from] || 0) + 1;
        const x = a.x + 20 + (n - 1) * 55, y = a.y + H + 18;
        root.append(svg('path', {d: 'M ' + x + ' ' + (a.y + H) + ' L ' + x + ' ' + (y - 6), class: 'route to-end'}));
        root.append(svg('circle', {cx: x, cy: y, r: 5, class: 'end-mark'}));
        if (e.label) root.append(svg('text', {x: x + 8, y: y + 4, class: 'route-label'}, short(e.label, 12)));
        return;
      }
      const x1 = a.x + W, y1 = a.y + H / 2;
      const x2 = b.x, y2 = b.y + H / 2;
      const back = b.x <= a.x;
      const d = back
        ? 'M ' + (a.x + W / 2) + ' ' + (a.y + H) + ' C ' + (a.x + W / 2) + ' ' + (a.y + H + 40) + ', ' + (b.x + W / 2) + ' '
          + (b.y + H + 40) + ', ' + (b.x + W / 2) + ' ' + (b.y + H)
        : 'M ' + x1 + ' ' + y1 + ' C ' + (x1 + GX / 2) + ' ' + y1 + ', ' + (x2 - GX / 2) + ' ' + y2 + ', ' + x2 + ' ' + y2;
      root.append(svg('path', {d, class: 'route', 'marker-end': 'url(#arrow)'}));
      if (e.label) {
        const lx = back ? (a.x + b.x + W) / 2 : (x1 + x2) / 2;
        const ly = back ? Math.max(a.y, b.y) + H + 30 : (y1 + y2) / 2 - 4 - (k % 2) * 10;
        root.append(svg('text', {x: lx, y: ly, class: 'route-label', 'text-anchor': 'middle'}, short(e.label, 26)));
      }
    });
    steps.forEach(s => {
      const at = pos[s.id];
      const g = svg('g', {class: 'node node-' + String(s.type).toLowerCase() + (s.id === flow.start ? ' start' : '')
        + (depth[s.id] > maxDepth ? ' unreached' : ''), tabindex: 0, role: 'button',
      'aria-label': 'Step ' + s.id + ': ' + (STEP_TYPES[s.type] || s.type) + (depth[s.id] > maxDepth ? ' (never reached)' : '')
        + (counts ? ', ' + ((counts[s.id] || {}).entered || 0) + ' customers came here in the last 7 days, '
          + ((counts[s.id] || {}).left || 0) + ' left the flow here' : '')});
      g.append(svg('rect', {x: at.x, y: at.y, width: W, height: H, rx: 8}));
      g.append(svg('text', {x: at.x + 8, y: at.y + 18, class: 'node-id'}, short(s.id, 18)));
      g.append(svg('text', {x: at.x + 8, y: at.y + 36, class: 'node-kind'}, short(STEP_TYPES[s.type] || s.type, 22)));
      const c = counts && counts[s.id];
      if (counts) {
        g.append(svg('text', {x: at.x + 8, y: at.y + 52, class: 'node-count' + (c && c.left ? ' with-left' : '')},
          c ? c.entered + ' came' + (c.left ? ' · ' + c.left + ' left' : '') : '0 came'));
      }
      const go = () => select(s.id);
      g.addEventListener('click', go);
      g.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
      root.append(g);
    });
    box.replaceChildren(root);
  }

  function short(text, n) {
    const t = String(text || '');
    return [...t].length > n ? [...t].slice(0, n - 1).join('') + '…' : t;
  }

  // ---------- the tester ----------

  function renderTester(box, collect) {
    const messages = h('textarea', {id: 'flow-test-messages', rows: 4,
      placeholder: 'One customer message per line, e.g.\nWhere is it?\n12345'});
    const answers = h('div', {class: 'canned', id: 'flow-test-answers'});
    const live = h('input', {type: 'checkbox', id: 'flow-test-live'});
    const out = h('div', {id: 'flow-test-result', 'aria-live': 'polite'});
    const canned = {};

    function renderAnswers() {
      const draft = collect();
      const calls = draft.steps.filter(s => s.type === 'HTTP');
      answers.replaceChildren(...(calls.length ? [h('p', {class: 'hint'}, 'What each lookup answers in the test '
        + '(or tick "call for real"):')] : []), ...calls.map(s => {
        const known = canned[s.id] || {status: 200, body: '{"status": "shipped"}'};
        canned[s.id] = known;
        const status = h('input', {type: 'number', id: 'flow-test-' + s.id + '-status', value: known.status, min: 100, max: 599});
        const body = h('textarea', {id: 'flow-test-' + s.id + '-body', rows: 2}, known.body);
        status.addEventListener('input', () => { known.status = Number(status.value); });
        body.addEventListener('input', () => { known.body = body.value; });
        return h('fieldset', {}, h('legend', {}, 'Step ' + s.id + ' answers'),
          h('div', {class: 'row'}, field('Status', status, 'http.' + s.id + '.status'),
            field('Body (JSON)', body, 'http.' + s.id + '.body')));
      }));
    }

    async function run(e) {
      e.preventDefault();
      const http = {};
      Object.entries(canned).forEach(([step, a]) => {
        let body;
        try { body = JSON.parse(a.body); } catch (err) { body = a.body; }
        http[step] = {status: a.status, body};
      });
      const result = await api('POST', '/api/flows/test', {flow: collect(), messages: messages.value.split('\n')
        .map(l => l.trim()).filter(Boolean), http, live: live.checked || null});
      if (!result.ok) {
        const fields = (result.data && result.data.fields) || [];
        out.replaceChildren(h('div', {class: 'notice error', role: 'alert'}, h('strong', {}, errorText(result)),
          h('ul', {}, fields.map(f => h('li', {}, f.field + ': ' + f.message)))));
        return;
      }
      const t = result.data;
      out.replaceChildren(h('ol', {class: 'transcript', id: 'flow-transcript'}, t.transcript.map(x => h('li', {class: 'exchange'},
        x.customer !== null && x.customer !== undefined ? h('div', {class: 'bubble out mine'}, h('div', {class: 'text'}, x.customer)) : null,
        x.replies.map(r => h('div', {class: 'bubble in', 'data-step': r.step}, C.contentView(r.content, option => {
          // a tap in the transcript: the customer picks that option next, and the test runs again
          messages.value = (messages.value.trim() ? messages.value.trim() + '\n' : '') + option.title;
          form.requestSubmit();
        }))),
        h('ul', {class: 'trace-lines'}, x.trace.map(line => h('li', {}, (line.step ? line.step + ': ' : '') + line.event))),
        x.step ? h('p', {class: 'muted'}, 'Waits at step “' + x.step + '”' + vars(x.variables)) : null,
        x.ending ? h('p', {class: 'ending'}, ENDINGS[x.ending] || x.ending) : null))));
    }

    function vars(v) {
      const entries = Object.entries(v || {});
      return entries.length ? '; remembers ' + entries.map(([k, val]) => k + ' = “' + val + '”').join(', ') : '';
    }

    const form = h('form', {id: 'flow-test-form', onsubmit: run},
      field('What the customer writes', messages, 'messages', 'A button\'s title or number counts as tapping it; '
        + 'so does tapping it in the transcript'),
      answers,
      h('div', {class: 'field checkbox'}, live, h('label', {for: 'flow-test-live'}, 'Call your system for real')),
      h('button', {type: 'submit', class: 'primary', id: 'flow-test-run'}, 'Run the test'));
    box.hidden = false;
    box.replaceChildren(h('h2', {id: 'flow-tester-title'}, 'Try the flow'),
      h('p', {class: 'muted'}, 'Runs the flow as it is in the editor, saved or not. Nothing is sent or stored; '
        + 'lookups get the answers you give here.'),
      form, out);
    renderAnswers();
    document.getElementById('flow-form').addEventListener('change', renderAnswers);
  }

  async function loadHistory(flow, box) {
    const result = await api('GET', '/api/flows/' + flow.id + '/history');
    if (!result.ok) return;
    const versions = (result.data || []).slice().reverse();
    box.replaceChildren(h('h3', {}, 'Version history'),
      h('ol', {class: 'versions'}, versions.map(v => h('li', {},
        h('span', {}, 'v' + v.version + ' · ' + v.change.toLowerCase() + ' by ' + v.changedBy + ' · ' + time(v.changedAt)),
        h('span', {class: 'muted'}, ' ' + v.flow.steps.length + ' steps'),
        v.version === flow.version ? h('span', {class: 'badge'}, 'current') : v.change === 'DELETED' ? null :
          h('button', {type: 'button', class: 'small', 'data-needs': 'edit', 'aria-label': 'Restore version ' + v.version,
            onclick: async () => {
              const r = await api('POST', '/api/flows/' + flow.id + '/history/' + v.version + '/restore');
              if (!r.ok) return toast(errorText(r), 'error');
              toast('Restored version ' + v.version + ' as version ' + r.data.version);
              await flowsView(r.data.id);
            }}, 'Restore')))));
  }
})();
