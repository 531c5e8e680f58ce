'use strict';
/*
 * The Parley console: rules, tester, inbox and (demo) customer phone, on top of the admin API.
 * Every piece of data reaches the page through textContent or attribute setters (h() below), never as HTML,
 * so customer texts, customer ids and rule texts cannot inject markup or script.
 */
(function () {

  // ---------- small DOM and HTTP helpers ----------

  /** h('button', {class: 'x', onclick: f}, 'text', child): an element; strings become text nodes. */
  /** Replaces {@code el}'s children, leaving out null and false (replaceChildren would write them as text). */
  function fill(el, ...children) {
    el.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
    return el;
  }

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'class') el.className = value;
      else if (key === 'value') el.value = value;
      else if (key === 'checked') el.checked = !!value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  const main = document.getElementById('main');
  let session = null;
  let timers = [];

  function every(ms, fn) {
    timers.push(setInterval(fn, ms));
  }

  function stopTimers() {
    timers.forEach(clearInterval);
    timers = [];
  }

  async function api(method, path, body) {
    const headers = {'Accept': 'application/json', 'X-Requested-With': 'parley-console'};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && session) headers['X-CSRF-TOKEN'] = session.csrfToken;
    const response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (response.status === 401) {
      window.location.assign('/console/login.html');
      throw new Error('signed out');
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = {error: text}; }
    return {status: response.status, ok: response.ok, data};
  }

  function toast(message, kind) {
    const el = document.getElementById('toast');
    el.textContent = message;
    el.className = 'toast ' + (kind || '');
    el.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { el.hidden = true; }, 4000);
  }

  function errorText(result) {
    return (result.data && result.data.error) || ('request failed (' + result.status + ')');
  }

  function time(value) {
    if (!value) return '';
    const d = new Date(value);
    const today = new Date();
    return d.toDateString() === today.toDateString()
      ? d.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'})
      : d.toLocaleString([], {dateStyle: 'short', timeStyle: 'short'});
  }

  function list(value) {
    return (value || '').split(/[,\n]/).map(s => s.trim()).filter(Boolean);
  }

  // ---------- routing ----------

  const routes = [
    [/^#\/rules\/new(?:\?(.*))?$/, m => rulesView('new', new URLSearchParams(m[1] || ''))],
    [/^#\/rules\/(\d+)$/, m => rulesView(Number(m[1]))],
    [/^#\/rules$/, () => rulesView(null)],
    [/^#\/inbox\/([0-9a-f-]{36})$/, m => inboxView(m[1])],
    [/^#\/inbox$/, () => inboxView(null)],
    [/^#\/phone$/, () => phoneView()]
  ];

  function route() {
    stopTimers();
    const hash = window.location.hash || '#/insights';
    if (session && session.mustChangePassword && hash !== '#/account') {
      window.location.hash = '#/account';
      return;
    }
    document.querySelectorAll('[data-nav]').forEach(a => {
      if (hash.startsWith('#/' + a.dataset.nav)) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    for (const [pattern, view] of routes) {
      const match = hash.match(pattern);
      if (match) {
        view(match).catch(e => showError(e));
        return;
      }
    }
    window.location.hash = '#/insights';
  }

  /** Whether the signed-in user's role lets them answer customers, edit rules and flows, or administer. */
  function can(what) {
    return !!(session && session.can && session.can[what === 'edit' ? 'edit' : what === 'answer' ? 'answer' : 'administer']);
  }

  function showError(e) {
    if (e && e.message === 'signed out') return;
    main.replaceChildren(h('p', {class: 'notice error', role: 'alert'}, 'Something went wrong: ' + e));
  }

  // ---------- rules ----------

  /** The match types in a business user's words (the API keeps its names: KEYWORD, CONTAINS, ...). */
  const MATCH_LABELS = {
    KEYWORD: 'Message is exactly', CONTAINS: 'Message contains the words', REGEX: 'Pattern (advanced)',
    BUTTON: 'Customer tapped the button', LIST: 'Customer chose from a list', MEDIA: 'Customer sent a photo or file',
    FIRST_MESSAGE: 'First message of a conversation', LANGUAGE: 'Customer writes in', INTENT: 'Customer means',
    ANY: 'Any other message (fallback)'
  };
  const MATCH_TYPES = {
    KEYWORD: 'The whole message is this word or phrase; capitals and a final ! or ? do not matter',
    CONTAINS: 'These words appear in the message, in this order, as whole words; capitals do not matter',
    REGEX: 'A pattern (RE2 regular expression) is found in the message: for people who know patterns',
    BUTTON: 'The id of the button the customer tapped (in a template or a buttons message)',
    LIST: 'The id of the row the customer chose in a list message',
    MEDIA: 'What kind of file it is: image/ for photos, application/pdf for PDF files',
    FIRST_MESSAGE: 'The first message a customer ever writes on this number',
    LANGUAGE: 'The language WhatsApp\'s analysis found, e.g. Spanish',
    INTENT: 'What the analysis says the customer wants, e.g. order status',
    ANY: 'Every message no rule above answered: your fallback'
  };
  /** The label of the match value's field, per type. */
  const MATCH_VALUE_LABELS = {
    KEYWORD: 'Word or phrase', CONTAINS: 'Words', REGEX: 'Pattern', BUTTON: 'Button id', LIST: 'Row id',
    MEDIA: 'Kind of file', LANGUAGE: 'Language', INTENT: 'Words of the intent'
  };
  const NO_VALUE = ['FIRST_MESSAGE', 'ANY'];
  const REPLY_TYPES = {
    TEXT: 'Send a text', BUTTONS: 'Send a text with up to 3 buttons', LIST: 'Send a text with a list of choices',
    URL: 'Send a text with a link button', MEDIA: 'Send an image or document', TEMPLATE: 'Send an approved template',
    FLOW: 'Start a conversation flow', HANDOFF: 'Hand over to a person (the bot stays silent)', NONE: 'Stay silent'
  };
  const REPLY_BADGES = {
    TEXT: 'Text', BUTTONS: 'Buttons', LIST: 'List', URL: 'Link', MEDIA: 'Image or file', TEMPLATE: 'Template',
    FLOW: 'Flow', HANDOFF: 'Hand-over', NONE: 'Silent'
  };
  const INTERACTIVE = ['BUTTONS', 'LIST', 'URL'];
  /** WhatsApp's limits (CONTRACT.md, "Interactive replies"), counted as the server counts: in characters. */
  const LIMITS = {
    text: 4096, body: 1024, header: 60, footer: 60, buttons: 3, buttonId: 256, buttonTitle: 20, sections: 10,
    rows: 10, rowId: 200, rowTitle: 24, rowDescription: 72, sectionTitle: 24, buttonText: 20, urlTitle: 20
  };

  /** Characters as a person counts them: an emoji is one. */
  function chars(value) {
    return [...(value || '')].length;
  }

  /** A live "n/max" counter for input; marked when over the limit. max may be a function (it depends on the type). */
  function counter(input, max) {
    const out = h('span', {class: 'counter', 'aria-live': 'polite'});
    const update = () => {
      const limit = typeof max === 'function' ? max() : max;
      const n = chars(input.value);
      out.textContent = n + '/' + limit;
      out.classList.toggle('over', n > limit);
      out.title = n > limit ? (n - limit) + ' characters too many for WhatsApp' : '';
    };
    input.addEventListener('input', update);
    out.update = update;
    update();
    return out;
  }

  /** An option id from its title when none is given: "Talk to us!" becomes "talk-to-us". */
  function slug(title) {
    return (title || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  }
  const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

  function matchSummary(rule) {
    const m = rule.match || {};
    const label = MATCH_LABELS[m.type] || m.type;
    return NO_VALUE.includes(m.type) ? label : label + ': ' + (m.value || '');
  }

  /** What a rule answers, in a few words: its reply's text, or what kind of reply it is. */
  function replySummary(rule) {
    const r = rule.reply || {};
    const kind = REPLY_BADGES[r.type] || r.type || '';
    const text = r.text || r.caption || r.name || '';
    if (r.type === 'FLOW') return 'starts a flow';
    if (r.type === 'NONE') return 'stays silent';
    return text ? (r.type === 'TEXT' ? '' : kind + ': ') + '“' + (chars(text) > 80 ? [...text].slice(0, 79).join('')
      + '…' : text) + '”' : kind;
  }

  async function rulesView(selected, params) {
    editorDraft = null;
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86400000);
    const [result, counted] = await Promise.all([api('GET', '/api/rules'), api('GET', '/api/analytics/rules?from='
      + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString()))]);
    const rules = result.data || [];
    const answered = {};
    ((counted.ok && counted.data) || []).forEach(r => { answered[r.ruleId] = r.replies; });
    const search = h('input', {type: 'search', id: 'rules-search', placeholder: 'Find a rule by name or words',
      'aria-label': 'Find a rule', value: sessionStorage.getItem('rules-search') || ''});
    const applySearch = () => {
      const q = search.value.trim().toLowerCase();
      sessionStorage.setItem('rules-search', search.value.trim());
      let shown = 0;
      document.querySelectorAll('#rules > li').forEach(li => {
        const hit = !q || li.dataset.words.includes(q);
        li.hidden = !hit;
        if (hit) shown++;
        li.querySelectorAll('.reorder button').forEach(b => { b.classList.toggle('searching', !!q); });
      });
      const none = document.getElementById('rules-none');
      if (none) none.hidden = shown > 0;
    };
    search.addEventListener('input', applySearch);
    const listPanel = h('section', {class: 'panel rule-list', 'aria-labelledby': 'rules-title'},
      h('div', {class: 'panel-head'},
        h('h1', {id: 'rules-title'}, 'Rules'),
        h('div', {class: 'actions'},
          h('a', {class: 'button primary', href: '#/rules/new', id: 'new-rule', 'data-needs': 'edit'}, 'New rule'),
          h('button', {type: 'button', onclick: exportRules}, 'Export'),
          h('label', {class: 'button', for: 'import-file', 'data-needs': 'edit'}, 'Import'),
          h('input', {type: 'file', id: 'import-file', accept: 'application/json,.json', class: 'visually-hidden',
            onchange: e => importRules(e.target)}))),
      h('p', {class: 'muted'}, 'Evaluated top to bottom; the first enabled rule that matches answers. The numbers '
        + 'are the messages each answered in the last 7 days.'),
      rules.length === 0 ? h('p', {}, 'No rules yet.') : [search,
        h('ol', {class: 'rules', id: 'rules'}, rules.map((rule, i) => ruleRow(rule, i, rules, answered[rule.id]))),
        h('p', {class: 'muted', id: 'rules-none', hidden: true}, 'No rule has these words.')]);
    const editor = h('section', {class: 'panel editor', 'aria-label': 'Rule editor'});
    const tester = testerPanel();
    main.replaceChildren(h('div', {class: 'rules-layout'}, listPanel, h('div', {class: 'side'}, editor, tester)));
    applySearch();
    if (selected === 'new') {
      // "Make a rule from this" (Insights) opens the editor with the customer's words
      const p = params || new URLSearchParams();
      const type = MATCH_TYPES[p.get('match')] ? p.get('match') : 'KEYWORD';
      renderEditor(editor, {enabled: true, name: p.get('name') || '', match: {type, value: p.get('value') || ''},
        reply: {type: 'TEXT'}});
      if (p.get('value')) {
        const text = document.getElementById('reply-text');
        if (text) text.focus();
      }
    } else if (selected !== null) {
      const rule = rules.find(r => r.id === selected) || (await api('GET', '/api/rules/' + selected)).data;
      if (rule && rule.id) renderEditor(editor, rule);
      else editor.replaceChildren(h('p', {class: 'notice error'}, 'No rule with id ' + selected));
    } else {
      editor.replaceChildren(h('h2', {}, 'Editor'), h('p', {class: 'muted'}, 'Choose a rule to edit, or create one.'));
    }
  }

  function ruleRow(rule, index, rules, replies) {
    const move = async (delta) => {
      const ids = rules.map(r => r.id);
      const [id] = ids.splice(index, 1);
      ids.splice(index + delta, 0, id);
      const result = await api('POST', '/api/rules/reorder', {ids});
      if (!result.ok) return toast(errorText(result), 'error');
      await rulesView(currentRuleId());
      const again = document.querySelector('[data-rule-id="' + rule.id + '"] .move-' + (delta < 0 ? 'up' : 'down'));
      (again || document.querySelector('[data-rule-id="' + rule.id + '"] a')).focus();
    };
    const toggle = async (e) => {
      const result = await api('POST', '/api/rules/' + rule.id + (e.target.checked ? '/enable' : '/disable'));
      if (!result.ok) { toast(errorText(result), 'error'); e.target.checked = !e.target.checked; return; }
      toast(rule.name + (e.target.checked ? ' enabled' : ' disabled'));
    };
    const words = [rule.name, (rule.match || {}).value, (rule.reply || {}).text, (rule.reply || {}).caption,
      (rule.reply || {}).name].filter(Boolean).join(' ').toLowerCase();
    return h('li', {'data-rule-id': rule.id, class: rule.enabled ? '' : 'disabled', 'data-words': words},
      h('input', {type: 'checkbox', checked: rule.enabled, onchange: toggle, 'aria-label': 'Enabled: ' + rule.name,
        title: 'Enabled', disabled: !can('edit')}),
      h('a', {href: '#/rules/' + rule.id, class: 'rule-name'}, rule.name),
      h('span', {class: 'rule-match'}, matchSummary(rule)),
      h('span', {class: 'rule-reply'}, '→ ' + replySummary(rule)),
      h('span', {class: 'badge'}, REPLY_BADGES[(rule.reply || {}).type] || (rule.reply || {}).type || ''),
      h('span', {class: 'replies', title: 'Messages it answered in the last 7 days'},
        replies === undefined ? '' : (replies === 1 ? '1 answer' : replies + ' answers')),
      h('span', {class: 'reorder', 'data-needs': 'edit'},
        h('button', {type: 'button', class: 'icon move-up', disabled: index === 0, onclick: () => move(-1),
          'aria-label': 'Move ' + rule.name + ' up'}, '↑'),
        h('button', {type: 'button', class: 'icon move-down', disabled: index === rules.length - 1,
          onclick: () => move(1), 'aria-label': 'Move ' + rule.name + ' down'}, '↓')));
  }

  function currentRuleId() {
    const m = (window.location.hash || '').match(/^#\/rules\/(\d+|new)$/);
    return m ? (m[1] === 'new' ? 'new' : Number(m[1])) : null;
  }

  /** GETs path and saves what it answers as the JSON file name (an export). */
  async function download(path, name) {
    const result = await api('GET', path);
    if (!result.ok) return toast(errorText(result), 'error');
    const blob = new Blob([JSON.stringify(result.data, null, 2)], {type: 'application/json'});
    const link = h('a', {href: URL.createObjectURL(blob), download: name});
    document.body.append(link);
    link.click();
    link.remove();
  }

  function exportRules() {
    return download('/api/rules/export', 'parley-rules.json');
  }

  async function importRules(input) {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    let document_;
    try { document_ = JSON.parse(await file.text()); } catch (e) { return toast('Not a JSON file: ' + e.message, 'error'); }
    const count = (document_.rules || []).length;
    if (!window.confirm('Replace all rules with ' + (count === 1 ? 'the one rule' : 'the ' + count + ' rules') + ' of '
      + file.name + '?')) return;
    const result = await api('POST', '/api/rules/import', document_);
    if (!result.ok) {
      const fields = (result.data && result.data.fields) || [];
      return toast(errorText(result) + fields.map(f => ' ' + f.field + ': ' + f.message).join(';'), 'error');
    }
    toast('Imported ' + result.data.length + ' rules');
    await rulesView(null);
  }

  /** A labelled input; field is the API's name for it, so that errors can be shown beside it. */
  function field(label, input, field, hint) {
    const id = input.id || ('f-' + field.replace(/\W/g, '-'));
    input.id = id;
    input.dataset.field = field;
    const error = h('span', {class: 'field-error', id: id + '-error', 'data-error-for': field});
    input.setAttribute('aria-describedby', id + '-error' + (hint ? ' ' + id + '-hint' : ''));
    return h('div', {class: 'field', 'data-field-box': field},
      h('label', {for: id}, label), input,
      hint ? h('span', {class: 'hint', id: id + '-hint'}, hint) : null, error);
  }

  /** The field box with a live counter after its input (made here unless given). */
  function withCounter(box, input, max, made) {
    const count = made || counter(input, max);
    const target = input || box.querySelector('input, textarea');
    target.after(count);
    target.setAttribute('aria-describedby', (target.getAttribute('aria-describedby') || '') + ' ' + (count.id = target.id + '-count'));
    return box;
  }

  /**
   * The editors of a BUTTONS reply's buttons and a LIST reply's sections and rows: rows of inputs with live counters,
   * added and removed with buttons (keyboard and screen reader friendly), read back as the API's JSON.
   */
  function interactiveOptions(r, domPrefix, apiPrefix) {
    const dp = domPrefix || '';
    const ap = apiPrefix || 'reply';
    const buttons = (r.buttons || []).map(b => ({id: b.id || '', title: b.title || ''}));
    if (!buttons.length) buttons.push({id: '', title: ''});
    const sections = (r.sections || []).map(s => ({title: s.title || '',
      rows: (s.rows || []).map(x => ({id: x.id || '', title: x.title || '', description: x.description || ''}))}));
    if (!sections.length) sections.push({title: '', rows: [{id: '', title: '', description: ''}]});

    const buttonsList = h('ol', {class: 'options', id: dp + 'reply-buttons'});
    const addButton = h('button', {type: 'button', id: dp + 'add-button', class: 'small'}, '+ Add a button');
    const buttonsError = h('span', {class: 'field-error', 'data-error-for': ap + '.buttons'});
    const buttonsBox = h('fieldset', {class: 'options-box', 'data-field': ap + '.buttons'},
      h('legend', {}, 'Buttons (1 to 3)'),
      h('span', {class: 'hint'}, 'The customer taps one; a rule matching "Button tapped" with its answer id replies. '
        + 'Without interactive messages they are sent as a numbered list and a typed number counts.'),
      buttonsError, buttonsList, addButton);

    const sectionsList = h('div', {id: dp + 'reply-sections'});
    const addSection = h('button', {type: 'button', id: dp + 'add-section', class: 'small'}, '+ Add a section');
    const rowsCount = h('span', {class: 'counter', id: dp + 'rows-count', 'aria-live': 'polite'});
    const sectionsError = h('span', {class: 'field-error', 'data-error-for': ap + '.sections'});
    const sectionsBox = h('fieldset', {class: 'options-box', 'data-field': ap + '.sections'},
      h('legend', {}, 'Choices of the list'),
      h('span', {class: 'hint'}, 'Up to 10 choices in all, in up to 10 sections. A rule matching "List choice" '
        + 'with a choice\'s answer id replies.'),
      sectionsError, rowsCount, sectionsList, addSection);

    /** The inputs of one button or list row; api is its name in the API ("reply.buttons[0]"), dom its id prefix. */
    function optionInputs(option, api, dom, maxTitle, maxId, label, withDescription) {
      const title = h('input', {value: option.title, id: dom + '-title'});
      const id = h('input', {value: option.id, id: dom + '-id'});
      const placeholder = () => { id.placeholder = 'from the title: ' + (slug(title.value) || '…'); };
      placeholder();
      title.addEventListener('input', () => { option.title = title.value; placeholder(); });
      id.addEventListener('input', () => { option.id = id.value; });
      const parts = [withCounter(field(label, title, api + '.title'), title, maxTitle),
        withCounter(field('Answer id', id, api + '.id'), id, maxId)];
      if (withDescription) {
        const description = h('input', {value: option.description, id: dom + '-description', placeholder: 'optional'});
        description.addEventListener('input', () => { option.description = description.value; });
        parts.push(withCounter(field('Second line', description, api + '.description'), description,
          LIMITS.rowDescription));
      }
      return parts;
    }

    function renderButtons(focus) {
      buttonsList.replaceChildren(...buttons.map((b, i) => h('li', {class: 'option'},
        optionInputs(b, ap + '.buttons[' + i + ']', dp + 'button-' + i, LIMITS.buttonTitle, LIMITS.buttonId,
          'Button ' + (i + 1), false),
        h('button', {type: 'button', class: 'small danger', 'aria-label': 'Remove button ' + (i + 1),
          disabled: buttons.length === 1, onclick: () => { buttons.splice(i, 1); renderButtons(Math.max(0, i - 1)); }},
          'Remove'))));
      addButton.disabled = buttons.length >= LIMITS.buttons;
      if (focus !== undefined) {
        const target = document.getElementById(dp + 'button-' + focus + '-title');
        (target || addButton).focus();
      }
    }
    addButton.addEventListener('click', () => {
      if (buttons.length < LIMITS.buttons) { buttons.push({id: '', title: ''}); renderButtons(buttons.length - 1); }
    });

    function rowTotal() {
      return sections.reduce((n, s) => n + s.rows.length, 0);
    }

    function renderSections(focusId) {
      const total = rowTotal();
      rowsCount.textContent = total + '/' + LIMITS.rows + ' choices';
      rowsCount.classList.toggle('over', total > LIMITS.rows);
      sectionsList.replaceChildren(...sections.map((section, s) => {
        const title = h('input', {value: section.title, id: dp + 'section-' + s + '-title',
          placeholder: sections.length > 1 ? '' : 'optional with one section'});
        title.addEventListener('input', () => { section.title = title.value; });
        const addRow = h('button', {type: 'button', class: 'small', id: dp + 'add-row-' + s, disabled: total >= LIMITS.rows,
          onclick: () => { section.rows.push({id: '', title: '', description: ''});
            renderSections(dp + 'row-' + s + '-' + (section.rows.length - 1) + '-title'); }}, '+ Add a choice');
        return h('fieldset', {class: 'section'},
          h('legend', {}, 'Section ' + (s + 1)),
          withCounter(field('Section title', title, ap + '.sections[' + s + '].title'), title, LIMITS.sectionTitle),
          h('span', {class: 'field-error', 'data-error-for': ap + '.sections[' + s + '].rows'}),
          h('ol', {class: 'options'}, section.rows.map((row, i) => h('li', {class: 'option'},
            optionInputs(row, ap + '.sections[' + s + '].rows[' + i + ']', dp + 'row-' + s + '-' + i, LIMITS.rowTitle,
              LIMITS.rowId, 'Choice ' + (i + 1), true),
            h('button', {type: 'button', class: 'small danger', 'aria-label': 'Remove choice ' + (i + 1) + ' of section ' + (s + 1),
              disabled: section.rows.length === 1 && sections.length === 1,
              onclick: () => { section.rows.splice(i, 1); if (!section.rows.length) sections.splice(s, 1); renderSections(dp + 'add-section'); }},
              'Remove')))),
          h('div', {class: 'actions'}, addRow,
            h('button', {type: 'button', class: 'small danger', disabled: sections.length === 1,
              onclick: () => { sections.splice(s, 1); renderSections(dp + 'add-section'); }}, 'Remove section ' + (s + 1))));
      }));
      addSection.disabled = sections.length >= LIMITS.sections || total >= LIMITS.rows;
      if (focusId) (document.getElementById(focusId) || addSection).focus();
    }
    addSection.addEventListener('click', () => {
      sections.push({title: '', rows: [{id: '', title: '', description: ''}]});
      renderSections(dp + 'section-' + (sections.length - 1) + '-title');
    });

    renderButtons();
    renderSections();
    [buttonsBox, sectionsBox].forEach(box => ['input', 'click'].forEach(kind => box.addEventListener(kind,
      () => setTimeout(() => box.dispatchEvent(new CustomEvent('options-changed', {bubbles: true})), 0))));
    const option = o => ({id: o.id.trim() || slug(o.title) || null, title: o.title.trim() || null});
    return {
      buttonsBox, sectionsBox,
      buttons: () => buttons.map(option),
      sections: () => sections.map(section => ({title: section.title.trim() || null,
        rows: section.rows.map(row => Object.assign(option(row), row.description.trim()
          ? {description: row.description.trim()} : {}))}))
    };
  }

  /** The rule in the editor as it stands, not saved yet ({rule, id}), for the tester; null when no editor is open. */
  let editorDraft = null;

  function renderEditor(container, rule) {
    const isNew = !rule.id;
    const m = rule.match || {};
    const r = rule.reply || {};
    const c = rule.conditions || {};
    const s = c.schedule || null;
    const f = {};
    f.name = h('input', {value: rule.name || '', required: true, maxlength: 200});
    f.priority = h('input', {type: 'number', value: rule.priority ?? '', min: 0});
    f.enabled = h('input', {type: 'checkbox', checked: rule.enabled !== false});
    f.matchType = h('select', {}, Object.keys(MATCH_TYPES).map(t => h('option', {value: t}, MATCH_LABELS[t])));
    f.matchType.value = m.type || 'KEYWORD';
    f.matchValue = h('input', {value: m.value || ''});
    f.replyType = h('select', {}, Object.entries(REPLY_TYPES).map(([t, d]) => h('option', {value: t}, d)));
    f.replyType.value = r.type || 'TEXT';
    f.text = h('textarea', {rows: 3}, r.text || '');
    f.url = h('input', {type: 'url', value: r.url || '', placeholder: 'https://...'});
    f.header = h('input', {id: 'reply-header', value: r.header || ''});
    f.footer = h('input', {id: 'reply-footer', value: r.footer || ''});
    f.buttonText = h('input', {id: 'reply-button-text', value: r.buttonText || '', placeholder: 'See the choices'});
    f.linkTitle = h('input', {id: 'reply-link-title', value: r.title || '', placeholder: 'Open'});
    const options = interactiveOptions(r);
    f.caption = h('input', {value: r.caption || ''});
    f.templateName = h('input', {value: r.name || ''});
    f.templateLanguage = h('input', {value: r.language || '', placeholder: 'en'});
    f.parameters = h('textarea', {rows: 2}, (r.parameters || []).join('\n'));
    f.variants = h('textarea', {rows: 2, placeholder: 'Spanish = ¡Hola!'},
      Object.entries(r.variants || {}).map(([k, v]) => k + ' = ' + v).join('\n'));
    f.cooldown = h('input', {type: 'number', min: 0, value: rule.cooldownMinutes ?? ''});
    f.flow = h('select', {id: 'reply-flow'}, h('option', {value: ''}, 'Choose a flow…'));
    api('GET', '/api/flows').then(result => {
      (result.data || []).forEach(flow => f.flow.append(h('option', {value: flow.id}, flow.name)));
      f.flow.value = r.flowId ? String(r.flowId) : '';
    });
    f.interruptsFlow = h('input', {type: 'checkbox', id: 'f-interrupts-flow', checked: !!rule.interruptsFlow});
    f.newCustomer = h('input', {type: 'checkbox', checked: !!c.newCustomer});
    f.inactiveDays = h('input', {type: 'number', min: 1, value: c.inactiveDays ?? ''});
    // the WhatsApp numbers a rule is limited to: ticked by their names (ids not known any more stay ticked)
    const chosenChannels = new Set(c.channels || []);
    f.channels = h('div', {class: 'choices', id: 'f-channels', role: 'group', 'aria-labelledby': 'f-channels-label',
      'data-field': 'conditions.channels'});
    const renderChannels = known => {
      const ids = [...new Set([...known.map(k => k.channelId), ...chosenChannels])];
      const names = Object.fromEntries(known.map(k => [k.channelId, k.name]));
      f.channels.replaceChildren(...(ids.length ? ids.map((id, i) => h('label', {class: 'choice'},
        h('input', {type: 'checkbox', value: id, checked: chosenChannels.has(id), id: 'f-channel-' + i,
          onchange: e => { if (e.target.checked) chosenChannels.add(id); else chosenChannels.delete(id); }}),
        ' ' + (names[id] || id))) : [h('span', {class: 'muted'}, 'No WhatsApp number has written yet.')]));
    };
    renderChannels([]);
    api('GET', '/api/channels').then(r => renderChannels((r.ok && r.data) || []));
    f.languages = h('input', {value: (c.languages || []).join(', ')});
    f.useSchedule = h('input', {type: 'checkbox', checked: !!s});
    f.timeZone = h('input', {value: (s && s.timeZone) || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
      list: 'time-zones'});
    f.when = h('select', {}, h('option', {value: 'INSIDE'}, 'inside business hours'),
      h('option', {value: 'OUTSIDE'}, 'outside business hours (away message)'));
    f.when.value = (s && s.when) || 'INSIDE';
    f.openings = {};
    DAYS.forEach(day => {
      f.openings[day] = h('input', {value: ((s && s.openings && s.openings[day]) || []).join(', '),
        placeholder: day === 'SATURDAY' || day === 'SUNDAY' ? 'closed' : '09:00-17:00'});
    });
    f.holidays = h('input', {value: ((s && s.holidays) || []).join(', '), placeholder: '2026-12-25, 2027-01-01'});

    f.enabled.id = 'f-enabled';
    f.newCustomer.id = 'f-new-customer';
    f.useSchedule.id = 'f-use-schedule';
    f.name.id = 'rule-name';
    f.matchType.id = 'match-type';
    f.matchValue.id = 'match-value';
    f.replyType.id = 'reply-type';
    f.text.id = 'reply-text';

    const summary = h('div', {class: 'notice error', role: 'alert', hidden: true, id: 'editor-errors', tabindex: -1});
    const warnings = h('div', {class: 'notice warning', role: 'status', hidden: true, id: 'editor-warnings'});
    const matchHint = h('span', {class: 'hint'});
    const valueBox = field('Match value', f.matchValue, 'match.value');
    const bodyLimit = () => INTERACTIVE.includes(f.replyType.value) ? LIMITS.body : LIMITS.text;
    const textCounter = counter(f.text, bodyLimit);
    const replyBoxes = {
      header: withCounter(field('Heading (optional)', f.header, 'reply.header'), f.header, LIMITS.header),
      text: withCounter(field('Reply text', f.text, 'reply.text',
        'May use {{message.text}}, {{customer.id}}, {{rule.name}}, {{now}}'), null, null, textCounter),
      footer: withCounter(field('Small print below (optional)', f.footer, 'reply.footer'), f.footer, LIMITS.footer),
      buttons: options.buttonsBox,
      buttonText: withCounter(field('Label of the button that opens the list', f.buttonText, 'reply.buttonText'),
        f.buttonText, LIMITS.buttonText),
      sections: options.sectionsBox,
      linkTitle: withCounter(field('Label of the link button', f.linkTitle, 'reply.title'), f.linkTitle,
        LIMITS.urlTitle),
      variants: field('Text per detected language', f.variants, 'reply.variants', 'One per line: Language = text'),
      url: field('Address', f.url, 'reply.url', 'https:// only; for a link it may use {{customer.id}}'),
      caption: field('Caption', f.caption, 'reply.caption'),
      name: field('Template name', f.templateName, 'reply.name'),
      language: field('Template language', f.templateLanguage, 'reply.language'),
      parameters: field('Template parameters', f.parameters, 'reply.parameters', 'One per line, in order'),
      flow: field('Flow', f.flow, 'reply.flowId', 'Its steps answer from here on; build flows on the Flows page')
    };
    const scheduleBox = h('div', {class: 'schedule'},
      field('Time zone', f.timeZone, 'conditions.schedule.timeZone', 'IANA name, e.g. Europe/Berlin'),
      field('Answer', f.when, 'conditions.schedule.when'),
      h('div', {class: 'days'}, DAYS.map(day => field(day.charAt(0) + day.slice(1).toLowerCase(), f.openings[day],
        'conditions.schedule.openings.' + day))),
      field('Holidays (closed all day)', f.holidays, 'conditions.schedule.holidays'));

    function sync() {
      const type = f.matchType.value;
      matchHint.textContent = MATCH_TYPES[type];
      valueBox.hidden = NO_VALUE.includes(type);
      valueBox.querySelector('label').textContent = MATCH_VALUE_LABELS[type] || 'Value';
      const reply = f.replyType.value;
      const interactive = INTERACTIVE.includes(reply);
      replyBoxes.text.hidden = !(reply === 'TEXT' || reply === 'HANDOFF' || interactive);
      replyBoxes.variants.hidden = !(reply === 'TEXT' || interactive);
      replyBoxes.header.hidden = replyBoxes.footer.hidden = !interactive;
      replyBoxes.buttons.hidden = reply !== 'BUTTONS';
      replyBoxes.buttonText.hidden = replyBoxes.sections.hidden = reply !== 'LIST';
      replyBoxes.linkTitle.hidden = reply !== 'URL';
      replyBoxes.url.hidden = !(reply === 'MEDIA' || reply === 'URL');
      replyBoxes.url.querySelector('label').textContent = reply === 'URL' ? 'Link address' : 'Media address';
      replyBoxes.caption.hidden = reply !== 'MEDIA';
      textCounter.update();
      replyBoxes.name.hidden = replyBoxes.language.hidden = replyBoxes.parameters.hidden = reply !== 'TEMPLATE';
      replyBoxes.flow.hidden = reply !== 'FLOW';
      scheduleBox.hidden = !f.useSchedule.checked;
    }
    f.matchType.addEventListener('change', sync);
    f.replyType.addEventListener('change', sync);
    f.useSchedule.addEventListener('change', sync);

    function collect() {
      const reply = {type: f.replyType.value};
      const interactive = INTERACTIVE.includes(reply.type);
      if (reply.type === 'TEXT' || reply.type === 'HANDOFF' || interactive) reply.text = f.text.value || null;
      if (interactive) {
        reply.header = f.header.value.trim() || null;
        reply.footer = f.footer.value.trim() || null;
      }
      if (reply.type === 'BUTTONS') reply.buttons = options.buttons();
      if (reply.type === 'LIST') { reply.buttonText = f.buttonText.value; reply.sections = options.sections(); }
      if (reply.type === 'URL') { reply.url = f.url.value; reply.title = f.linkTitle.value; }
      if (reply.type === 'TEXT' || interactive) {
        const variants = {};
        f.variants.value.split('\n').map(l => l.trim()).filter(Boolean).forEach(line => {
          const at = line.indexOf('=');
          if (at > 0) variants[line.slice(0, at).trim()] = line.slice(at + 1).trim();
        });
        if (Object.keys(variants).length) reply.variants = variants;
      }
      if (reply.type === 'MEDIA') { reply.url = f.url.value; reply.caption = f.caption.value || null; }
      if (reply.type === 'FLOW') reply.flowId = f.flow.value ? Number(f.flow.value) : null;
      if (reply.type === 'TEMPLATE') {
        reply.name = f.templateName.value;
        reply.language = f.templateLanguage.value || null;
        reply.parameters = f.parameters.value.split('\n').map(p => p.trim()).filter(Boolean);
      }
      const conditions = {};
      if (f.newCustomer.checked) conditions.newCustomer = true;
      if (f.inactiveDays.value) conditions.inactiveDays = Number(f.inactiveDays.value);
      if (chosenChannels.size) conditions.channels = [...chosenChannels];
      if (list(f.languages.value).length) conditions.languages = list(f.languages.value);
      if (f.useSchedule.checked) {
        const openings = {};
        DAYS.forEach(day => { const v = list(f.openings[day].value); if (v.length) openings[day] = v; });
        conditions.schedule = {timeZone: f.timeZone.value, when: f.when.value, openings,
          holidays: list(f.holidays.value)};
      }
      return {
        name: f.name.value,
        priority: f.priority.value === '' ? null : Number(f.priority.value),
        enabled: f.enabled.checked,
        match: {type: f.matchType.value, value: NO_VALUE.includes(f.matchType.value) ? null : f.matchValue.value},
        reply,
        conditions: Object.keys(conditions).length ? conditions : null,
        cooldownMinutes: f.cooldown.value === '' ? null : Number(f.cooldown.value),
        interruptsFlow: f.interruptsFlow.checked || null
      };
    }

    editorDraft = () => ({rule: collect(), id: isNew ? null : rule.id});

    function showErrors(result) {
      showFieldErrors(container, summary, result, {cooldown: 'cooldownMinutes'});
    }

    async function save(e) {
      e.preventDefault();
      const body = collect();
      const result = isNew ? await api('POST', '/api/rules', body) : await api('PUT', '/api/rules/' + rule.id, body);
      if (!result.ok) return showErrors(result);
      const saved = result.data;
      toast('Saved “' + saved.name + '”');
      await rulesView(saved.id);
      window.history.replaceState(null, '', '#/rules/' + saved.id);
      const lint = saved.warnings || [];
      const w = document.getElementById('editor-warnings');
      if (w && lint.length) {
        w.replaceChildren(h('strong', {}, 'Warnings'), h('ul', {}, lint.map(x => h('li', {}, x.kind + ': ' + x.message))));
        w.hidden = false;
      }
    }

    async function remove() {
      if (!window.confirm('Delete the rule “' + rule.name + '”?')) return;
      const result = await api('DELETE', '/api/rules/' + rule.id);
      if (!result.ok) return toast(errorText(result), 'error');
      toast('Deleted “' + rule.name + '”');
      window.location.hash = '#/rules';
    }

    const history = h('div', {class: 'history', id: 'rule-history'});
    const form = h('form', {novalidate: true, onsubmit: save, id: 'rule-form'},
      h('h2', {}, isNew ? 'New rule' : 'Edit “' + rule.name + '”'),
      summary, warnings,
      field('Name', f.name, 'name'),
      h('div', {class: 'row'}, field('Priority', f.priority, 'priority', 'Lower runs first; empty: last'),
        h('div', {class: 'field checkbox'}, f.enabled, h('label', {for: 'f-enabled'}, 'Enabled'))),
      h('fieldset', {}, h('legend', {}, 'When'),
        field('The customer\'s message', f.matchType, 'match'), matchHint, valueBox),
      h('fieldset', {}, h('legend', {}, 'Reply'),
        field('Reply type', f.replyType, 'reply'), Object.values(replyBoxes),
        field('Cooldown (minutes)', f.cooldown, 'cooldownMinutes', 'Answer one customer at most once in this time'),
        h('div', {class: 'field checkbox'}, f.interruptsFlow, h('label', {for: 'f-interrupts-flow'},
          'Answers even while a flow waits for the customer (and ends that flow), e.g. "talk to a person"'))),
      h('fieldset', {}, h('legend', {}, 'Conditions (all must hold)'),
        h('div', {class: 'field checkbox'}, f.newCustomer, h('label', {for: 'f-new-customer'}, 'Only a customer\'s first message')),
        field('Customer inactive for at least (days)', f.inactiveDays, 'conditions.inactiveDays'),
        h('div', {class: 'field', 'data-field-box': 'conditions.channels'},
          h('span', {class: 'label', id: 'f-channels-label'}, 'Only on these WhatsApp numbers'), f.channels,
          h('span', {class: 'hint'}, 'None ticked: on every number'),
          h('span', {class: 'field-error', 'data-error-for': 'conditions.channels'})),
        field('Only in languages', f.languages, 'conditions.languages', 'Detected languages, comma separated'),
        h('div', {class: 'field checkbox'}, f.useSchedule, h('label', {for: 'f-use-schedule'}, 'Business hours')),
        scheduleBox),
      h('div', {class: 'actions'},
        h('button', {type: 'submit', class: 'primary', id: 'save-rule', 'data-needs': 'edit'}, isNew ? 'Create rule' : 'Save'),
        isNew ? null : h('button', {type: 'button', class: 'danger', onclick: remove, 'data-needs': 'edit'}, 'Delete'),
        h('a', {href: '#/rules', class: 'button'}, 'Close')),
      isNew ? null : history);
    const zones = h('datalist', {id: 'time-zones'},
      ['UTC', 'Europe/London', 'Europe/Berlin', 'Europe/Madrid', 'America/New_York', 'America/Chicago',
        'America/Los_Angeles', 'America/Sao_Paulo', 'Asia/Kolkata', 'Asia/Singapore', 'Australia/Sydney']
        .map(z => h('option', {value: z})));
    container.replaceChildren(form, zones);
    sync();
    if (!isNew) loadHistory(rule, history);
  }

  /** API field names in words, for errors that have no input of their own on the page. */
  const FIELD_WORDS = {
    name: 'name', priority: 'priority', enabled: 'enabled', match: 'when', reply: 'reply', value: 'value',
    type: 'type', text: 'text', title: 'title', id: 'answer id', description: 'description', header: 'heading',
    footer: 'small print', buttonText: 'label of the list button', url: 'address', caption: 'caption',
    language: 'language', parameters: 'template values', conditions: 'conditions', schedule: 'business hours',
    openings: 'opening hours', timeZone: 'time zone', holidays: 'holidays', cooldownMinutes: 'cooldown',
    cooldown: 'cooldown', flowId: 'flow', variants: 'text per language', channels: 'WhatsApp numbers',
    languages: 'languages', inactiveDays: 'days without a message', newCustomer: 'new customers',
    interruptsFlow: 'answers during flows', buttons: 'button', sections: 'section', rows: 'row', steps: 'step'
  };

  /** "reply.buttons[3].title" in words: "reply, button 4, title". */
  function fieldWords(path) {
    return String(path || '').split('.').map(part => {
      const m = part.match(/^(\w+)\[(\d+)\]$/);
      if (m) return (FIELD_WORDS[m[1]] || m[1]) + ' ' + (Number(m[2]) + 1);
      return FIELD_WORDS[part] || part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    }).join(', ');
  }

  /**
   * Shows an API error once, in plain words: each problem beside the most specific input whose API name is a
   * prefix of its field (aliases: API field to input name), and the summary says how many there are; only a
   * problem that has no visible input of its own is written in the summary. The first invalid input gets the focus.
   */
  function showFieldErrors(container, summary, result, aliases, words) {
    container.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
    container.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
    const fields = (result.data && result.data.fields) || [];
    let first = null;
    const elsewhere = [];
    fields.forEach(e => {
      const name = (aliases || {})[e.field] || e.field;
      // the most specific visible field box whose name is a prefix of the error's field
      const boxes = [...container.querySelectorAll('[data-error-for]')]
        .filter(b => name === b.dataset.errorFor || name.startsWith(b.dataset.errorFor + '.')
          || name.startsWith(b.dataset.errorFor + '['))
        .filter(b => !b.closest('[hidden]'))
        .sort((a, b) => b.dataset.errorFor.length - a.dataset.errorFor.length);
      if (boxes.length) {
        const detail = name === boxes[0].dataset.errorFor ? e.message
          : fieldWords(name.slice(boxes[0].dataset.errorFor.length).replace(/^[.]/, '')) + ': ' + e.message;
        boxes[0].textContent = boxes[0].textContent ? boxes[0].textContent + ' ' + detail : detail;
        const input = container.querySelector('[data-field="' + CSS.escape(boxes[0].dataset.errorFor) + '"]');
        if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
      } else {
        elsewhere.push(e);
      }
    });
    const placed = fields.length - elsewhere.length;
    const one = fields.length === 1;
    const headline = !fields.length ? errorText(result)
      : words && words.headline ? words.headline(fields)
      : 'Not saved: ' + (one ? 'one thing needs' : fields.length + ' things need') + ' changing'
        + (placed === fields.length ? (one ? ', marked beside its field.' : ', each marked beside its field.')
          : placed ? '; marked beside its field, or here:' : ':');
    fill(summary, h('strong', {}, headline),
      elsewhere.length ? h('ul', {}, elsewhere.map(e => h('li', {}, (words && words.field ? words.field(e.field)
        : fieldWords(e.field)) + ': ' + e.message))) : null);
    summary.hidden = false;
    (first || summary).focus();
  }

  async function loadHistory(rule, box) {
    const result = await api('GET', '/api/rules/' + rule.id + '/history');
    if (!result.ok) return;
    const versions = (result.data || []).slice().reverse();
    box.replaceChildren(h('h3', {}, 'Version history'),
      h('ol', {class: 'versions'}, versions.map(v => h('li', {},
        h('span', {}, 'v' + v.version + ' · ' + v.change + ' by ' + v.changedBy + ' · ' + time(v.changedAt)),
        h('span', {class: 'muted'}, ' ' + matchSummary(v.rule) + ' → ' + ((v.rule.reply || {}).text || (v.rule.reply || {}).type)),
        v.version === versions[0].version ? h('span', {class: 'badge'}, 'current') :
          h('button', {type: 'button', class: 'small', 'data-needs': 'edit', 'aria-label': 'Restore version ' + v.version,
            onclick: async () => {
              const r = await api('POST', '/api/rules/' + rule.id + '/history/' + v.version + '/restore');
              if (!r.ok) return toast(errorText(r), 'error');
              toast('Restored version ' + v.version);
              await rulesView(rule.id);
            }}, 'Restore')))));
  }

  // ---------- tester ----------

  function testerPanel() {
    const text = h('input', {id: 'test-text', placeholder: 'Type a customer message', autocomplete: 'off'});
    const kind = h('select', {id: 'test-kind'},
      h('option', {value: 'text'}, 'Text'), h('option', {value: 'button'}, 'Button payload'),
      h('option', {value: 'list'}, 'List reply id'), h('option', {value: 'media'}, 'Media type'));
    const extra = h('input', {id: 'test-extra', placeholder: '—', disabled: true});
    const EXTRA_HINTS = {text: '—', button: 'e.g. OPENING_HOURS', list: 'e.g. row-1', media: 'e.g. image/jpeg'};
    kind.addEventListener('change', () => {
      extra.placeholder = EXTRA_HINTS[kind.value];
      extra.disabled = kind.value === 'text';
    });
    const from = h('input', {id: 'test-from', placeholder: 'e.g. 15551234567'});
    const at = h('input', {id: 'test-at', type: 'datetime-local', step: 60});
    const withDraft = h('input', {type: 'checkbox', id: 'test-draft', checked: true});
    const first = h('input', {type: 'checkbox', id: 'test-first'});
    const language = h('input', {id: 'test-language', placeholder: 'e.g. Spanish', autocomplete: 'off'});
    const intent = h('input', {id: 'test-intent', placeholder: 'e.g. Refund', autocomplete: 'off'});
    const out = h('div', {id: 'test-result', 'aria-live': 'polite'});
    let pending = null;

    async function run(e) {
      if (e) e.preventDefault();
      const body = {text: text.value || null, from: from.value || null};
      if (kind.value === 'button') body.buttonPayload = extra.value || null;
      if (kind.value === 'list') body.listReplyId = extra.value || null;
      if (kind.value === 'media') body.mediaType = extra.value || null;
      if (first.checked) body.firstMessage = true;
      if (language.value.trim()) body.language = language.value.trim();
      if (intent.value.trim()) body.intent = intent.value.trim();
      if (at.value) body.at = new Date(at.value).toISOString(); // the browser's time zone
      draftBox.hidden = !editorDraft;
      if (editorDraft && withDraft.checked) {
        const draft = editorDraft();
        body.draft = draft.rule;
        body.draftId = draft.id;
      }
      const result = await api('POST', '/api/rules/test', body);
      if (!result.ok) { out.replaceChildren(h('p', {class: 'notice error'}, errorText(result))); return; }
      const t = result.data;
      const keyword = t.consent && t.consent.wins;
      fill(out,
        keyword
          ? h('div', {class: 'winner'}, h('strong', {}, t.consent.kind === 'OPT_OUT' ? 'Opts out: ' : 'Opts in again: '),
            h('span', {id: 'test-winner'}, '“' + t.consent.keyword + '”'),
            t.reply ? h('div', {class: 'bubble out preview', id: 'test-reply'}, contentView(t.reply)) : null)
          : t.matched
          ? h('div', {class: 'winner'}, h('strong', {}, 'Answers: '), h('span', {id: 'test-winner'}, t.rule.name),
            t.reply ? h('div', {class: 'bubble out preview', id: 'test-reply'}, contentView(t.reply))
              : h('p', {class: 'muted', id: 'test-reply'}, t.rule.reply && t.rule.reply.type === 'FLOW'
                ? 'Starts its flow: the flow sends the next message.' : 'Sends nothing.'))
          : h('p', {class: 'winner', id: 'test-winner'}, 'No rule answers this message.'),
        t.consent ? h('p', {class: 'notice', id: 'test-consent'}, t.consent.note) : null,
        t.waitsForAnalysis ? h('p', {class: 'notice wait-note', id: 'test-waits'},
          'On a channel that sends analyses, this answer waits up to '
          + Math.round(t.waitsForAnalysis.upToMillis / 100) / 10 + ' s for the message\'s analysis: '
          + t.waitsForAnalysis.reason + '. The answer above is the one sent if no analysis comes in time; '
          + 'fill in a language or intent to see the answer with one.') : null,
        h('table', {class: 'trace'}, h('caption', {}, 'Trace: every enabled rule, in order'),
          h('thead', {}, h('tr', {}, h('th', {}, 'Rule'), h('th', {}, 'Match'), h('th', {}, 'Result'))),
          h('tbody', {}, t.trace.map(x => h('tr', {class: x.winner ? 'win' : x.matched ? 'hit' : ''},
            h('td', {}, x.name), h('td', {class: 'match'}, MATCH_LABELS[x.matchType] || x.matchType),
            h('td', {}, (x.winner ? '✔ ' : '') + x.reason))))));
    }

    const schedule = () => { clearTimeout(pending); pending = setTimeout(run, 250); };
    [text, extra, from, language, intent, at].forEach(i => i.addEventListener('input', schedule));
    [kind, first, withDraft].forEach(i => i.addEventListener('change', schedule));
    const draftBox = h('div', {class: 'field checkbox', hidden: true}, withDraft,
      h('label', {for: 'test-draft'}, 'With the editor\'s changes, not saved yet'));
    return h('section', {class: 'panel tester', 'aria-labelledby': 'tester-title', 'data-needs': 'edit'},
      h('h2', {id: 'tester-title'}, 'Try a message'),
      h('p', {class: 'muted'}, 'Runs the rules as they would answer now; nothing is sent.'),
      h('form', {onsubmit: run, id: 'tester-form'},
        field('Message', text, 'test.text'),
        h('div', {class: 'row'}, field('Or', kind, 'test.kind'), field('Value', extra, 'test.extra')),
        h('div', {class: 'row'}, field('From', from, 'test.from'),
          h('div', {class: 'field checkbox'}, first, h('label', {for: 'test-first'}, 'First message'))),
        h('div', {class: 'row'}, field('Detected language', language, 'test.language'),
          field('Intent found', intent, 'test.intent')),
        field('At this time', at, 'test.at', 'Empty: now. Business hours and holidays are checked at this time.'),
        draftBox,
        h('button', {type: 'submit', class: 'primary', id: 'test-run'}, 'Test')),
      out);
  }

  function contentText(c) {
    if (!c) return '';
    switch (c.type) {
      case 'TEXT': return c.text || '';
      case 'MEDIA': return '📎 ' + (c.url || '') + (c.caption ? ' — ' + c.caption : '');
      case 'TEMPLATE': return '📄 template ' + c.name + ' (' + (c.language || '') + ')'
        + ((c.parameters || []).length ? ': ' + c.parameters.join(', ') : '');
      default: return c.text || c.type;
    }
  }

  /**
   * An outbound message as WhatsApp shows it: buttons under the text, a list behind its button, a link button.
   * With tap (the customer phone), buttons and list rows can be tapped: tap({kind: 'button' | 'list', id, title}).
   */
  function contentView(c, tap) {
    if (!c || !INTERACTIVE.includes(c.type)) return [h('div', {class: 'text'}, contentText(c))];
    const parts = [];
    if (c.header) parts.push(h('div', {class: 'wa-header'}, c.header));
    parts.push(h('div', {class: 'text'}, c.text || ''));
    if (c.footer) parts.push(h('div', {class: 'wa-footer'}, c.footer));
    const option = (kind, o, extra) => tap
      ? h('button', {type: 'button', class: 'wa-option', 'data-option-id': o.id,
        onclick: e => { e.currentTarget.disabled = true; tap({kind, id: o.id, title: o.title}); }}, o.title, extra)
      : h('span', {class: 'wa-option', 'data-option-id': o.id, title: 'answer id: ' + o.id}, o.title, extra);
    if (c.type === 'BUTTONS') {
      parts.push(h('div', {class: 'wa-buttons', role: tap ? 'group' : null, 'aria-label': tap ? 'Reply buttons' : null},
        (c.buttons || []).map(b => option('button', b))));
    } else if (c.type === 'LIST') {
      parts.push(h('details', {class: 'wa-list'},
        h('summary', {class: 'wa-option'}, '☰ ' + (c.buttonText || '')),
        (c.sections || []).map(section => h('div', {class: 'wa-section'},
          section.title ? h('div', {class: 'wa-section-title'}, section.title) : null,
          h('ul', {}, (section.rows || []).map(row => h('li', {}, option('list', row,
            row.description ? h('span', {class: 'wa-description'}, row.description) : null))))))));
    } else {
      parts.push(h('div', {class: 'wa-buttons'}, h('a', {class: 'wa-option', href: c.url, target: '_blank',
        rel: 'noopener noreferrer'}, '↗ ' + (c.title || c.url))));
    }
    return parts;
  }

  // ---------- inbox ----------

  const STATUS = {
    QUEUED: ['🕓', 'queued'], ACCEPTED: ['✓', 'accepted for sending'], SENT: ['✓', 'sent'],
    DELIVERED: ['✓✓', 'delivered'], READ: ['✓✓', 'read'], FAILED: ['⚠', 'failed']
  };

  /** The inbox's filters: the API's name, and the words on the button. */
  const INBOX_FILTERS = [['waiting', 'Waiting for a person'], ['flow', 'In a flow'], ['optedOut', 'Opted out'],
    ['failed', 'Failed deliveries']];

  /** Rule and channel names by id, for the inbox (a reply says "rule Opening hours", not "rule #7"). */
  const names = {rules: {}, channels: {}, loadedAt: 0};

  async function loadNames() {
    names.loadedAt = Date.now();
    const [rules, channels] = await Promise.all([api('GET', '/api/rules'), api('GET', '/api/channels')]);
    ((rules.ok && rules.data) || []).forEach(r => { names.rules[r.id] = r.name; });
    ((channels.ok && channels.data) || []).forEach(c => { names.channels[c.channelId] = c.name; });
  }

  /** A rule's name; one the page does not know yet is looked up (at most every 5 s) and shown on the next redraw. */
  function ruleName(id) {
    if (names.rules[id]) return '“' + names.rules[id] + '”';
    const recent = Date.now() - names.loadedAt < 5000;
    if (!recent) loadNames();
    return recent && names.loadedAt ? 'that was deleted' : '#' + id;
  }

  function preview(c) {
    const m = c.lastMessage;
    if (!m) return null;
    const who = m.direction === 'INBOUND' ? '' : m.sentBy ? m.sentBy + ': ' : 'Bot: ';
    const text = m.text || '';
    return h('span', {class: 'preview' + (m.status === 'FAILED' ? ' failed' : '')},
      m.status === 'FAILED' ? '⚠ ' : '', who + (chars(text) > 70 ? [...text].slice(0, 69).join('') + '…' : text));
  }

  async function inboxView(conversationId) {
    await loadNames();
    const search = h('input', {type: 'search', id: 'inbox-search', placeholder: 'Number or words in a message',
      value: sessionStorage.getItem('inbox-search') || '', 'aria-label': 'Search by number or message text'});
    const chosen = new Set((sessionStorage.getItem('inbox-filters') || '').split(',').filter(Boolean));
    const filters = h('div', {class: 'inbox-filters', role: 'group', 'aria-label': 'Show only'},
      INBOX_FILTERS.map(([value, label]) => h('button', {type: 'button', class: 'toggle', 'data-filter': value,
        'aria-pressed': chosen.has(value) ? 'true' : 'false', onclick: e => {
          if (chosen.has(value)) chosen.delete(value); else chosen.add(value);
          e.currentTarget.setAttribute('aria-pressed', chosen.has(value) ? 'true' : 'false');
          sessionStorage.setItem('inbox-filters', [...chosen].join(','));
          last = '';
          refreshList();
        }}, label)));
    const items = h('ul', {class: 'conversations', id: 'conversations'});
    const detail = h('section', {class: 'panel conversation', 'aria-label': 'Conversation'});
    let last = '';

    async function refreshList() {
      const q = search.value.trim();
      sessionStorage.setItem('inbox-search', q);
      const result = await api('GET', '/api/conversations?limit=100' + (q ? '&search=' + encodeURIComponent(q) : '')
        + (chosen.size ? '&filter=' + [...chosen].join(',') : ''));
      if (!result.ok) return;
      const key = JSON.stringify(result.data);
      if (key === last) return;
      last = key;
      const narrowed = q || chosen.size;
      items.replaceChildren(...(result.data.length ? result.data.map(c => {
        const unread = c.id === conversationId ? 0 : c.unread || 0;
        return h('li', {class: (c.id === conversationId ? 'active' : '') + (unread ? ' unread' : '')},
          h('a', {href: '#/inbox/' + c.id, 'aria-current': c.id === conversationId ? 'true' : null},
            h('span', {class: 'customer'}, c.customerId),
            h('span', {class: 'when'}, time(c.lastMessageAt)),
            unread ? h('span', {class: 'unread-count', 'aria-label': unread + ' unread'}, String(unread)) : null,
            preview(c),
            h('span', {class: 'tags'},
              c.channelName ? h('span', {class: 'channel-name'}, c.channelName) : null,
              c.optedOut ? h('span', {class: 'badge warn'}, 'opted out')
                : c.botPausedReason ? h('span', {class: 'badge warn', 'data-reason': c.botPausedReason},
                  SHORT_PAUSES[c.botPausedReason] || 'bot silent') : null,
              c.flow ? h('span', {class: 'badge'}, 'in a flow') : null)));
      }) : [h('li', {class: 'muted'}, narrowed ? 'No conversation matches.' : 'No conversations yet.')]));
    }
    let debounce = null;
    search.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(() => { last = ''; refreshList(); }, 300); });

    main.replaceChildren(h('div', {class: 'inbox-layout' + (conversationId ? ' has-detail' : '')},
      h('section', {class: 'panel', 'aria-labelledby': 'inbox-title'},
        h('h1', {id: 'inbox-title'}, 'Inbox'), search, filters, items),
      detail));
    await refreshList();
    every(3000, refreshList);
    if (conversationId) {
      await conversationDetail(detail, conversationId);
    } else {
      detail.replaceChildren(h('p', {class: 'muted'}, 'Choose a conversation.'));
    }
  }

  async function conversationDetail(box, id) {
    const head = h('div', {class: 'conversation-head'});
    const timeline = h('ol', {class: 'timeline', id: 'timeline', 'aria-live': 'polite'});
    const composer = h('div', {class: 'composer'});
    let lastMessages = '';
    let lastConversation = '';
    let windowOpen = null;
    const flowNames = {};

    async function refresh() {
      const [c, m] = await Promise.all([api('GET', '/api/conversations/' + id),
        api('GET', '/api/conversations/' + id + '/messages')]);
      if (!c.ok) { box.replaceChildren(h('p', {class: 'notice error'}, errorText(c))); return; }
      const cKey = JSON.stringify(c.data);
      if (cKey !== lastConversation) {
        lastConversation = cKey;
        renderHead(c.data);
        if (!customerToolsBox.firstChild) customerToolsBox.append(customerTools(c.data));
        if (windowOpen !== c.data.windowOpen) { windowOpen = c.data.windowOpen; renderComposer(c.data); }
      }
      const mKey = JSON.stringify(m.data);
      if (m.ok && mKey !== lastMessages) {
        const atBottom = timeline.scrollHeight - timeline.scrollTop - timeline.clientHeight < 40;
        lastMessages = mKey;
        api('POST', '/api/conversations/' + id + '/seen'); // what is on the screen is read
        keepingListsOpen(timeline, () => timeline.replaceChildren(...m.data.map(x => message(x))));
        if (atBottom || !lastMessages) timeline.scrollTop = timeline.scrollHeight;
      }
    }

    function renderHead(c) {
      const paused = c.botPausedReason;
      fill(head,
        h('h2', {}, h('a', {href: '#/inbox', class: 'back', 'aria-label': 'Back to the inbox'}, '←'), ' ', c.customerId),
        h('p', {class: 'muted'}, 'On ' + (c.channelName || names.channels[c.channelId] || 'the number ' + c.channelId),
          ' · ', h('a', {href: '/api/conversations/' + c.id + '/export?format=csv', id: 'export-csv',
            download: 'parley-conversation-' + c.id + '.csv'}, 'Download as a spreadsheet (CSV)'),
          ' · ', h('a', {href: '/api/conversations/' + c.id + '/export?format=json', id: 'export-json',
            download: 'parley-conversation-' + c.id + '.json'}, 'as JSON')),
        h('p', {id: 'window-state'}, c.windowOpen
          ? '24-hour window open until ' + time(c.windowClosesAt)
          : '24-hour window closed: only an approved template can be sent'),
        c.optedOut ? h('p', {id: 'consent-state'}, h('span', {class: 'badge warn'}, 'Opted out'),
          ' since ' + time(c.optedOutAt) + ': the bot, flows and templates send nothing; your own words still go '
          + 'while the 24-hour window is open.') : null,
        c.optedOut ? null : h('p', {id: 'bot-state'}, paused
          ? h('span', {}, h('span', {class: 'badge warn', 'data-reason': paused}, PAUSES[paused] || 'The bot is silent'),
            ' until ' + time(c.botPausedUntil) + ' ',
            h('button', {type: 'button', id: 'release-bot', 'data-needs': 'answer', onclick: async () => {
              const r = await api('POST', '/api/conversations/' + id + '/release');
              if (!r.ok) return toast(errorText(r), 'error');
              toast('The bot answers again in this conversation');
              await refresh();
            }}, 'Release the bot'))
          : h('span', {class: 'badge ok'}, 'Bot answering')),
        c.flow ? h('div', {id: 'flow-state', class: 'flow-state'},
          h('span', {class: 'badge'}, 'In a flow'), ' ',
          h('a', {href: '#/flows/' + c.flow.flowId}, flowNames[c.flow.flowId] || 'flow #' + c.flow.flowId),
          ' (version ' + c.flow.version + '), ' + (c.flow.status === 'CALLING' ? 'looking something up at step '
            : 'waiting for an answer at step ') + '“' + c.flow.step + '” since ' + time(c.flow.waitingSince)
            + (c.flow.expiresAt ? ', until ' + time(c.flow.expiresAt) : ''),
          Object.keys(c.flow.variables || {}).length ? h('dl', {class: 'variables'},
            Object.entries(c.flow.variables).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])) : null,
          h('button', {type: 'button', id: 'cancel-flow', class: 'small danger', 'data-needs': 'answer', onclick: async () => {
            if (!window.confirm('End the flow in this conversation? The customer\'s next message goes to the rules.')) return;
            const r = await api('POST', '/api/conversations/' + id + '/flow/cancel');
            if (!r.ok) return toast(errorText(r), 'error');
            toast('The flow ended; the rules answer again');
            await refresh();
          }}, 'End the flow')) : null);
      if (c.flow && !flowNames[c.flow.flowId]) {
        api('GET', '/api/flows/' + c.flow.flowId).then(r => {
          if (r.ok) { flowNames[c.flow.flowId] = r.data.name; lastConversation = ''; }
        });
      }
    }

    /** Admins: a copy of everything stored about the customer, or all of it erased (with what goes named first). */
    function customerTools(c) {
      const who = c.customerId;
      return h('details', {class: 'customer-tools', 'data-needs': 'administer', id: 'customer-tools'},
        h('summary', {}, 'The customer\'s data'),
        h('p', {class: 'muted'}, 'Everything Parley keeps about ' + who + ', on every channel.'),
        h('div', {class: 'actions'},
          h('button', {type: 'button', id: 'export-customer', onclick: () =>
            download('/api/customers/' + encodeURIComponent(who) + '/export', 'parley-customer-' + who + '.json')},
            'Download a copy'),
          h('button', {type: 'button', class: 'danger', id: 'erase-customer', onclick: async () => {
            const found = await api('GET', '/api/customers/' + encodeURIComponent(who));
            if (!found.ok) return toast(errorText(found), 'error');
            if (!window.confirm('Erase everything about ' + who + '? ' + storedWords(found.data.stored)
              + ' go for good, on every channel. This cannot be undone.')) return;
            const r = await api('DELETE', '/api/customers/' + encodeURIComponent(who));
            if (!r.ok) return toast(errorText(r), 'error');
            toast('Everything about ' + who + ' is erased');
            window.location.hash = '#/inbox';
          }}, 'Erase everything')));
    }

    function renderComposer(c) {
      const t = c.fallbackTemplate || {};
      const error = h('p', {class: 'notice error', role: 'alert', hidden: true});
      async function send(body, reset) {
        const r = await api('POST', '/api/conversations/' + id + '/messages', body);
        if (!r.ok) { error.textContent = errorText(r); error.hidden = false; return; }
        error.hidden = true;
        reset();
        await refresh();
      }
      if (c.windowOpen) {
        const text = h('textarea', {id: 'agent-text', rows: 2, maxlength: 4096, placeholder: 'Write to the customer',
          'aria-label': 'Message to the customer'});
        text.addEventListener('keydown', e => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
        });
        const form = h('form', {onsubmit: e => { e.preventDefault(); if (text.value.trim()) send({text: text.value}, () => { text.value = ''; }); }},
          text, h('button', {type: 'submit', class: 'primary', id: 'agent-send'}, 'Send'));
        composer.replaceChildren(error, form, h('span', {class: 'hint'}, 'Ctrl+Enter sends'));
      } else {
        const name = h('input', {id: 'template-name', value: t.name || '', required: true});
        const language = h('input', {id: 'template-language', value: t.language || 'en'});
        const params = h('input', {id: 'template-parameters', value: (t.parameters || []).join(', ')});
        const form = h('form', {onsubmit: e => { e.preventDefault();
          send({template: {name: name.value, language: language.value, parameters: list(params.value)}}, () => {}); }},
          h('p', {}, t.name ? 'The channel\'s approved template:' : 'No fallback template is configured; name an approved template:'),
          h('div', {class: 'row'}, field('Template', name, 'template.name'), field('Language', language, 'template.language')),
          field('Parameters (comma separated)', params, 'template.parameters'),
          h('button', {type: 'submit', class: 'primary', id: 'template-send'}, 'Send template'));
        composer.replaceChildren(error, form);
      }
    }

    if (!can('answer')) composer.setAttribute('data-needs', 'answer');
    const customerToolsBox = h('div', {});
    box.replaceChildren(head, timeline, composer, customerToolsBox);
    await refresh();
    timeline.scrollTop = timeline.scrollHeight;
    every(2000, refresh);
  }

  /** Runs render, which redraws the bubbles of box, keeping the lists that were open open. */
  function keepingListsOpen(box, render) {
    const open = new Set([...box.querySelectorAll('details[open]')].map(d => d.closest('[data-id]').dataset.id));
    render();
    open.forEach(id => {
      const details = box.querySelector('[data-id="' + CSS.escape(id) + '"] details');
      if (details) details.open = true;
    });
  }

  /** A message bubble; tap (the customer phone) makes the bot's buttons and list rows tappable. */
  function message(m, tap) {
    const inbound = m.direction === 'INBOUND';
    const parts = [];
    if (inbound) {
      const i = m.inbound || {};
      if (i.context && !i.interactive) parts.push(h('div', {class: 'context'}, '↩ in reply to an earlier message'));
      if (i.media) {
        parts.push(h('div', {}, '📎 ' + (i.media.mimeType || 'media') + (i.media.fileName ? ' ' + i.media.fileName : '')));
        if (m.inbound.mediaUrl) parts.push(h('a', {href: m.inbound.mediaUrl, target: '_blank', rel: 'noopener'}, 'open'));
        if (i.media.caption) parts.push(h('div', {}, i.media.caption));
      }
      if (i.button) parts.push(h('div', {}, '🔘 ' + (i.button.text || '') + ' [' + (i.button.payload || '') + ']'));
      if (i.interactive) {
        const list = (i.interactive.type || '').toLowerCase() === 'listreply';
        parts.push(h('div', {class: 'tapped'}, (list ? '☰ Chose ' : '👆 Tapped ') + '“'
          + (i.interactive.title || i.interactive.id || '') + '”'));
        if (i.interactive.description) parts.push(h('div', {class: 'wa-description'}, i.interactive.description));
      }
      if (i.choice && i.choice.typed) {
        parts.push(h('div', {class: 'choice-note'}, '= option ' + i.choice.number + ': ' + (i.choice.title || i.choice.optionId)));
      }
      if (i.reaction) parts.push(h('div', {}, (i.reaction.emoji || '') + ' reaction'));
      if (!parts.length || (m.text && !i.media && !i.button && !i.interactive)) parts.push(h('div', {class: 'text'}, m.text || ''));
    } else {
      parts.push(...(m.content ? contentView(m.content, tap
        ? option => tap(option, m.acsMessageId) : null) : [h('div', {class: 'text'}, m.text || '')]));
    }
    const meta = [h('time', {datetime: m.createdAt}, time(m.createdAt))];
    if (inbound && m.analysis) {
      meta.push(h('span', {class: 'analysis'}, [m.analysis.language, m.analysis.intent].filter(Boolean).join(' · ')));
    }
    const hold = inbound && m.inbound ? HOLDS[m.inbound.answerHold] : null;
    if (hold) meta.push(h('span', {class: 'hold', 'data-hold': m.inbound.answerHold}, hold));
    const answer = inbound && m.inbound ? ANSWERS[m.inbound.answer] : null;
    if (answer) meta.push(h('span', {class: 'answer', 'data-answer': m.inbound.answer}, answer));
    if (!inbound) {
      meta.push(h('span', {class: 'origin'}, m.origin === 'AGENT' ? (m.sentBy ? 'agent ' + m.sentBy : 'agent')
        : m.origin === 'CONSENT' ? 'confirmation' : m.origin === 'FLOW' ? 'flow'
        : m.ruleId ? 'rule ' + ruleName(m.ruleId) : 'bot'));
      const [icon, label] = STATUS[m.status] || ['', (m.status || '').toLowerCase()];
      meta.push(h('span', {class: 'status status-' + (m.status || '').toLowerCase(), title: label,
        'data-status': m.status}, h('span', {'aria-hidden': 'true'}, icon + ' '), label));
      if (m.status === 'FAILED') {
        meta.push(h('span', {class: 'error-detail'}, (m.errorCode || '') + ' ' + (m.errorMessage || '')));
      }
    }
    return h('li', {class: 'bubble ' + (inbound ? 'in' : 'out'), 'data-direction': m.direction, 'data-id': m.id},
      parts, h('div', {class: 'meta'}, meta));
  }

  /** What an erasure takes, in words: "2 conversations, 14 messages, 3 media files and 1 refused delivery". */
  const STORED = {
    conversation: ['conversation', 'conversations'], message: ['message', 'messages'],
    message_status_history: ['delivery status', 'delivery statuses'],
    message_analysis: ['analysis', 'analyses'], media_download: ['media file', 'media files'],
    consent_change: ['opt-out or opt-in', 'opt-outs and opt-ins'], outbox: ['message waiting to go', 'messages waiting to go'],
    scheduled_work: ['waiting flow step', 'waiting flow steps'], dead_letter: ['refused delivery', 'refused deliveries']
  };

  function storedWords(stored) {
    const parts = Object.entries(stored || {}).filter(([, n]) => n > 0).map(([table, n]) => {
      const [one, many] = STORED[table] || [table.replace(/_/g, ' ') + ' row', table.replace(/_/g, ' ') + ' rows'];
      return n + ' ' + (n === 1 ? one : many);
    });
    if (!parts.length) return 'Nothing is stored; nothing will';
    const words = parts.length === 1 ? parts[0] : parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1];
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** The same, short, for the inbox's list. */
  const SHORT_PAUSES = {AGENT: 'agent talking', HANDOFF: 'waiting for a person', FLOOD: 'bot silent: flood',
    LOOP: 'bot silent: loop'};

  /** Why the bot is silent in a conversation, in words. */
  const PAUSES = {
    AGENT: 'The bot waits while an agent talks',
    HANDOFF: 'Handed to a person: the bot is silent',
    FLOOD: 'Too many replies in a minute: the bot is silent',
    LOOP: 'Another bot seems to answer: the bot is silent'
  };

  /** How a customer's message was answered, where it is worth a note (a rule's or a flow's answer is not). */
  const ANSWERS = {
    NONE: 'nothing answered this', FALLBACK: 'only the fallback answered', PEOPLE: 'left to a person',
    SILENCED: 'the bot stayed silent'
  };

  /** How an answer waited for its message's analysis, in words. */
  const HOLDS = {
    WAITING: 'answer waits for the analysis',
    ANALYSED: 'answered once the analysis came',
    TIMED_OUT: 'no analysis in time: answered without it',
    IN_TURN: 'answered after the earlier message'
  };

  // ---------- demo customer phone ----------

  async function phoneView() {
    if (!session.demo) {
      main.replaceChildren(h('p', {class: 'notice'}, 'The customer phone is only available in demo mode.'));
      return;
    }
    await loadNames();
    let number = localStorage.getItem('phone-number');
    if (!number) {
      number = '1555' + String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
      localStorage.setItem('phone-number', number);
    }
    const from = h('input', {id: 'phone-from', value: number, inputmode: 'tel', 'aria-label': 'Customer number'});
    const kind = h('select', {id: 'phone-kind', 'aria-label': 'Message kind'},
      h('option', {value: 'text'}, 'Text'), h('option', {value: 'button'}, 'Template button (payload)'),
      h('option', {value: 'list'}, 'Pick a list row (id)'), h('option', {value: 'media'}, 'Send a photo'));
    const text = h('input', {id: 'phone-text', placeholder: 'Message', autocomplete: 'off', 'aria-label': 'Message'});
    const screen = h('ol', {class: 'phone-screen', id: 'phone-screen', 'aria-live': 'polite'});
    const error = h('p', {class: 'notice error', role: 'alert', hidden: true});
    const link = h('p', {class: 'muted'});
    let last = '';

    async function refresh() {
      const c = await api('GET', '/api/conversations?customerId=' + encodeURIComponent(from.value.trim()) + '&limit=1');
      if (!c.ok || !c.data.length) {
        if (last !== 'none') { screen.replaceChildren(h('li', {class: 'muted'}, 'Write to ' + (session.demoChannelId || 'the business') + ' to start.')); last = 'none'; }
        link.replaceChildren();
        return;
      }
      const conversation = c.data[0];
      link.replaceChildren('Open this conversation in the ', h('a', {href: '#/inbox/' + conversation.id}, 'inbox'));
      const m = await api('GET', '/api/conversations/' + conversation.id + '/messages');
      const key = JSON.stringify(m.data);
      if (!m.ok || key === last) return;
      last = key;
      // the customer's view: their own messages on the right
      keepingListsOpen(screen, () => screen.replaceChildren(...m.data.map(x => {
        const li = message(x, tapOption);
        li.className = 'bubble ' + (x.direction === 'INBOUND' ? 'out mine' : 'in');
        return li;
      })));
      screen.scrollTop = screen.scrollHeight;
    }

    /** The customer taps a button or list row of the bot's message: an interactive reply event, with its context. */
    async function tapOption(option, contextMessageId) {
      const body = {from: from.value.trim(), text: option.title};
      if (contextMessageId) body.contextMessageId = contextMessageId;
      if (option.kind === 'list') body.listReplyId = option.id;
      else body.buttonReplyId = option.id;
      await post(body);
    }

    async function post(body) {
      const r = await api('POST', '/console/demo/messages', body);
      if (!r.ok) { error.textContent = errorText(r); error.hidden = false; return false; }
      error.hidden = true;
      localStorage.setItem('phone-number', body.from);
      await refresh();
      return true;
    }

    async function send(e) {
      e.preventDefault();
      const body = {from: from.value.trim()};
      const value = text.value;
      if (kind.value === 'text') body.text = value;
      if (kind.value === 'button') body.buttonPayload = value;
      if (kind.value === 'list') body.listReplyId = value;
      if (kind.value === 'media') { body.mediaType = 'image/jpeg'; body.text = value; }
      if (await post(body)) {
        text.value = '';
        text.focus();
      }
    }
    from.addEventListener('change', () => { last = ''; refresh(); });

    main.replaceChildren(h('div', {class: 'phone-layout'},
      h('section', {class: 'phone', 'aria-labelledby': 'phone-title'},
        h('h1', {id: 'phone-title'}, 'Customer phone'),
        h('p', {class: 'muted'}, 'Write as a WhatsApp customer, or tap the bot\'s buttons and list choices. Everything goes through the real webhook; the bot\'s replies show their ticks as the simulated channel reports them.'),
        h('label', {for: 'phone-from'}, 'Your number'), from,
        screen, error,
        h('form', {class: 'phone-input', onsubmit: send, id: 'phone-form'}, kind, text,
          h('button', {type: 'submit', class: 'primary', id: 'phone-send'}, 'Send')),
        link)));
    await refresh();
    every(1000, refresh);
  }

  // ---------- what the other pages of the console (flows.js) share ----------

  window.ParleyConsole = {
    h, fill, api, toast, errorText, time, field, can, session: () => session, download, withCounter, counter, chars, slug, interactiveOptions, contentView,
    showFieldErrors, every, LIMITS, INTERACTIVE, main,
    /** Adds a page: pattern on the location's hash, view(match) renders it into main. */
    route: (pattern, view) => routes.unshift([pattern, view]),
    refresh: () => route()
  };

  // ---------- start ----------

  async function start() {
    const result = await api('GET', '/console/session');
    session = result.data;
    document.getElementById('user-name').textContent = session.username;
    document.getElementById('user-role').textContent = session.roleLabel;
    for (const what of ['answer', 'edit', 'administer']) document.body.classList.toggle('can-' + what, can(what));
    document.getElementById('nav-phone').hidden = !session.demo;
    document.getElementById('logout').addEventListener('click', async () => {
      await fetch('/logout', {method: 'POST', credentials: 'same-origin', body: '',
        headers: {'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-TOKEN': session.csrfToken,
          'X-Requested-With': 'parley-console'}});
      window.location.assign('/console/login.html?signedOut=1');
    });
    window.addEventListener('hashchange', route);
    if (session.mustChangePassword) window.location.hash = '#/account';
    else if (!window.location.hash) window.location.hash = session.demo ? '#/phone' : '#/rules';
    else route();
  }

  start().catch(showError);
})();
