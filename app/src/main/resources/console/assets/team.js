'use strict';
/*
 * The console's team pages: the Team (admins invite people, change their roles, give them new one-time passwords,
 * remove them), the Activity log (who changed what, when), and each user's own Account (their password).
 * Like the rest of the console, every text reaches the page through h() as text, never as HTML.
 */
(function () {
  const {h, api, toast, errorText, time, main} = window.ParleyConsole;

  /** [role, label, what it may do], from the server (the session), in order from least to most. */
  const ROLES = () => ((window.ParleyConsole.session() || {}).roles || []).map(r => [r.role, r.label, r.description]);
  const roleLabel = role => (ROLES().find(r => r[0] === role) || [role, role])[1];

  /** A one-time password: 16 letters and digits in four groups, without look-alikes (0/O, 1/l/I). */
  function oneTimePassword() {
    const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    const chars = [...bytes].map(b => alphabet[b % alphabet.length]);
    return [0, 4, 8, 12].map(i => chars.slice(i, i + 4).join('')).join('-');
  }

  /** A labelled input with the place its error goes, right beside it. */
  function input(label, attrs, hint) {
    const el = h(attrs.tag || 'input', Object.assign({}, attrs, {tag: null}));
    const error = h('span', {class: 'field-error', id: attrs.id + '-error', 'data-error-for': attrs.name});
    el.setAttribute('aria-describedby', attrs.id + '-error' + (hint ? ' ' + attrs.id + '-hint' : ''));
    const box = h('div', {class: 'field'}, h('label', {for: attrs.id}, label), el,
      hint ? h('span', {class: 'hint', id: attrs.id + '-hint'}, hint) : null, error);
    return {box, el};
  }

  /**
   * Shows each of the answer's field errors once, beside its field; what names no field on the form goes into
   * {@code notice}. Answers whether there was anything to show.
   */
  function showErrors(form, notice, result) {
    form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
    notice.hidden = true;
    const fields = (result.data && result.data.fields) || [];
    const unplaced = [];
    let first = null;
    for (const f of fields) {
      const slot = form.querySelector('[data-error-for="' + CSS.escape(f.field) + '"]');
      if (!slot) { unplaced.push(f.message); continue; }
      slot.textContent = sentence(f.message);
      const el = form.querySelector('[name="' + CSS.escape(f.field) + '"]');
      if (el) { el.setAttribute('aria-invalid', 'true'); first = first || el; }
    }
    if (!fields.length || unplaced.length) {
      notice.textContent = unplaced.length ? unplaced.map(sentence).join(' ') : errorText(result);
      notice.hidden = false;
    }
    if (first) first.focus();
  }

  function sentence(message) {
    const text = String(message || '');
    return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
  }

  function roleSelect(id, value, name) {
    return h('select', {id, name: name || 'role'}, ROLES().map(([r, label]) =>
      h('option', {value: r, selected: r === value ? true : null}, label)));
  }

  // ---------- Team ----------

  /** @param announce a one-time password just given, to show once: {username, password, why} */
  async function teamView(announce) {
    const result = await api('GET', '/api/users');
    if (!result.ok) {
      main.replaceChildren(h('p', {class: 'notice error', role: 'alert'}, errorText(result)));
      return;
    }
    const given = h('div', {id: 'one-time', role: 'status', 'aria-live': 'polite'});
    const notice = h('p', {class: 'notice error', role: 'alert', hidden: true});

    function showPassword(username, password, why) {
      given.replaceChildren(h('div', {class: 'notice'},
        h('p', {}, why + ' Give ' + username + ' this one-time password; they choose their own when they first sign in. '
          + 'It is shown only now.'),
        h('p', {}, h('span', {class: 'one-time', id: 'one-time-password'}, password))));
    }

    const name = input('Name they sign in with', {id: 'invite-username', name: 'username', autocomplete: 'off',
      maxlength: 64, required: true}, 'Letters, digits and . _ @ + - (an email address works).');
    const role = roleSelect('invite-role', 'AGENT');
    const roleError = h('span', {class: 'field-error', id: 'invite-role-error', 'data-error-for': 'role'});
    role.setAttribute('aria-describedby', 'invite-role-error');
    // the password is made here, so a problem with it is ours: it shows in the notice
    const form = h('form', {id: 'invite-form', class: 'panel', 'aria-labelledby': 'invite-title', onsubmit: async e => {
      e.preventDefault();
      const password = oneTimePassword();
      const r = await api('POST', '/api/users', {username: name.el.value.trim(), password, role: role.value});
      if (!r.ok) return showErrors(form, notice, r);
      await teamView({username: r.data.username, password,
        why: r.data.username + ' can sign in as ' + roleLabel(r.data.role) + '.'});
    }},
      h('h2', {id: 'invite-title'}, 'Invite someone'), notice,
      h('div', {class: 'row'}, name.box,
        h('div', {class: 'field'}, h('label', {for: 'invite-role'}, 'Role'), role, roleError)),
      h('button', {type: 'submit', class: 'primary', id: 'invite'}, 'Invite'));

    const rows = result.data.map(u => userRow(u, showPassword));
    main.replaceChildren(h('div', {class: 'team-layout'},
      h('section', {class: 'panel', 'aria-labelledby': 'team-title'},
        h('h1', {id: 'team-title'}, 'Team'),
        h('p', {class: 'muted'}, 'Who signs in to Parley, and what each may do.'),
        h('dl', {class: 'roles'}, ROLES().flatMap(([, label, what]) => [h('dt', {}, label), h('dd', {}, what)])),
        given,
        h('table', {class: 'users', id: 'users'},
          h('caption', {class: 'visually-hidden'}, 'The team'),
          h('thead', {}, h('tr', {}, ['Name', 'Role', 'Status', 'Added', 'Changes'].map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, rows))),
      form));
    if (announce) {
      showPassword(announce.username, announce.password, announce.why);
      given.setAttribute('tabindex', '-1');
      given.focus();
    }
  }

  function userRow(u, showPassword) {
    const me = (window.ParleyConsole.session() || {}).username;
    if (u.source === 'settings') {
      return h('tr', {'data-user': u.username},
        h('td', {}, u.username), h('td', {}, 'Admin'), h('td', {}, 'From the settings (PARLEY_ADMIN_USERNAME)'),
        h('td', {}, ''), h('td', {}, h('span', {class: 'muted'}, 'Changed in the settings only')));
    }
    const select = roleSelect('role-' + u.username, u.role, 'role');
    select.setAttribute('aria-label', 'Role of ' + u.username);
    const save = h('button', {type: 'button', class: 'small', 'data-action': 'save-role', onclick: async () => {
      if (select.value === u.role) return toast(u.username + ' is already ' + roleLabel(u.role));
      const r = await api('PUT', '/api/users/' + encodeURIComponent(u.username), {role: select.value});
      if (!r.ok) return toast(errorText(r), 'error');
      toast(u.username + ' is now ' + roleLabel(r.data.role));
      await teamView();
    }}, 'Save role');
    const reset = h('button', {type: 'button', class: 'small', 'data-action': 'reset-password', onclick: async () => {
      if (!window.confirm('Give ' + u.username + ' a new one-time password? They are signed out everywhere and choose '
        + 'a new password when they next sign in.')) return;
      const password = oneTimePassword();
      const r = await api('PUT', '/api/users/' + encodeURIComponent(u.username), {password});
      if (!r.ok) return toast(errorText(r), 'error');
      showPassword(u.username, password, u.username + ' is signed out.');
    }}, 'New one-time password');
    const remove = h('button', {type: 'button', class: 'small danger', 'data-action': 'remove', onclick: async () => {
      if (!window.confirm('Remove ' + u.username + ' (' + roleLabel(u.role) + ') from the team? They are signed out '
        + 'at once and can no longer sign in. What they changed stays, and so does the activity log.')) return;
      const r = await api('DELETE', '/api/users/' + encodeURIComponent(u.username));
      if (!r.ok) return toast(errorText(r), 'error');
      toast(u.username + ' is removed from the team');
      await teamView();
    }}, 'Remove');
    const self = u.username.toLowerCase() === String(me || '').toLowerCase();
    return h('tr', {'data-user': u.username},
      h('td', {}, u.username, self ? ' (you)' : ''),
      h('td', {}, select),
      h('td', {}, u.mustChangePassword ? 'Has a one-time password' : 'Active'),
      h('td', {}, time(u.createdAt) + (u.createdBy ? ' by ' + u.createdBy : '')),
      h('td', {class: 'actions'}, save, reset, self ? null : remove));
  }

  // ---------- Activity ----------

  async function activityView() {
    const actions = await api('GET', '/api/audit/actions');
    if (!actions.ok) {
      main.replaceChildren(h('p', {class: 'notice error', role: 'alert'}, errorText(actions)));
      return;
    }
    const words = Object.fromEntries(actions.data.map(a => [a.action, a.words]));
    const actor = h('input', {id: 'activity-actor', name: 'actor', autocomplete: 'off', placeholder: 'anyone'});
    const action = h('select', {id: 'activity-action', name: 'action'}, h('option', {value: ''}, 'anything'),
      actions.data.map(a => h('option', {value: a.action}, a.words)));
    const from = h('input', {id: 'activity-from', name: 'from', type: 'date'});
    const to = h('input', {id: 'activity-to', name: 'to', type: 'date'});
    const notice = h('p', {class: 'notice error', role: 'alert', hidden: true});
    const body = h('tbody', {});
    const more = h('button', {type: 'button', id: 'activity-more', hidden: true}, 'Show older');
    const count = h('p', {class: 'muted', role: 'status', 'aria-live': 'polite'});
    let oldest = null;
    let shown = 0;

    function query(before) {
      const p = new URLSearchParams({limit: '100'});
      if (actor.value.trim()) p.set('actor', actor.value.trim());
      if (action.value) p.set('action', action.value);
      if (from.value) p.set('from', new Date(from.value + 'T00:00:00').toISOString());
      if (to.value) p.set('to', new Date(new Date(to.value + 'T00:00:00').getTime() + 86400000).toISOString());
      if (before) p.set('before', String(before));
      return '/api/audit?' + p;
    }

    async function load(append) {
      const r = await api('GET', query(append ? oldest : null));
      if (!r.ok) { notice.textContent = errorText(r); notice.hidden = false; return; }
      notice.hidden = true;
      const rows = r.data.map(e => h('tr', {'data-action': e.action},
        h('td', {}, h('time', {datetime: e.at}, time(e.at))),
        h('td', {}, e.actor),
        h('td', {}, e.words || words[e.action] || e.action),
        h('td', {}, target(e.target)),
        h('td', {class: 'detail'}, e.detail)));
      if (append) body.append(...rows); else body.replaceChildren(...rows);
      shown = (append ? shown : 0) + r.data.length;
      oldest = r.data.length ? r.data[r.data.length - 1].id : oldest;
      more.hidden = r.data.length < 100;
      count.textContent = shown === 0 ? 'Nothing recorded for these filters.' : shown + (shown === 1 ? ' entry' : ' entries') + ' shown, newest first.';
    }
    more.addEventListener('click', () => load(true));

    main.replaceChildren(h('div', {class: 'activity-layout'},
      h('section', {class: 'panel', 'aria-labelledby': 'activity-title'},
        h('h1', {id: 'activity-title'}, 'Activity'),
        h('p', {class: 'muted'}, 'Every change to rules, flows and the team, every message an agent sent, and every '
          + 'sign-in, with who and when. Customers appear by a code, never by their number.'),
        h('form', {class: 'filters', id: 'activity-filters', onsubmit: e => { e.preventDefault(); load(false); }},
          h('label', {for: 'activity-actor'}, 'Who', actor),
          h('label', {for: 'activity-action'}, 'Did what', action),
          h('label', {for: 'activity-from'}, 'From', from),
          h('label', {for: 'activity-to'}, 'To', to),
          h('button', {type: 'submit', class: 'primary'}, 'Show')),
        notice, count,
        h('table', {class: 'activity', id: 'activity'},
          h('caption', {class: 'visually-hidden'}, 'Activity, newest first'),
          h('thead', {}, h('tr', {}, ['When', 'Who', 'Did what', 'To what', 'Details'].map(c => h('th', {scope: 'col'}, c)))),
          body),
        more)));
    await load(false);
  }

  /** What an entry names, linked to where it can be seen: a rule, a flow, a conversation. */
  function target(text) {
    const m = /^(rule|flow|conversation) ([0-9a-f-]+)$/.exec(text || '');
    if (!m) return text;
    const href = m[1] === 'rule' ? '#/rules/' + m[2] : m[1] === 'flow' ? '#/flows/' + m[2] : '#/inbox/' + m[2];
    return h('a', {href}, text);
  }

  // ---------- Account ----------

  async function accountView() {
    const session = window.ParleyConsole.session() || {};
    const notice = h('p', {class: 'notice error', role: 'alert', hidden: true});
    const parts = [h('h1', {id: 'account-title'}, 'Your account'),
      h('p', {}, 'Signed in as ', h('strong', {}, session.username), ', ' + (session.roleLabel || '') + '.')];
    if (session.fromSettings) {
      parts.push(h('p', {class: 'muted'}, 'You are the administrator of the settings: your password is '
        + 'PARLEY_ADMIN_PASSWORD, changed where Parley is configured.'));
      main.replaceChildren(h('div', {class: 'account-layout'}, h('section', {class: 'panel', 'aria-labelledby': 'account-title'}, parts)));
      return;
    }
    if (session.mustChangePassword) {
      parts.push(h('p', {class: 'notice', id: 'must-change'}, 'Choose your own password to go on: the one you signed '
        + 'in with was given to you by someone else.'));
    }
    const current = input('Current password', {id: 'current-password', name: 'currentPassword', type: 'password',
      autocomplete: 'current-password', required: true});
    const next = input('New password', {id: 'new-password', name: 'password', type: 'password',
      autocomplete: 'new-password', required: true, minlength: 12, maxlength: 256},
      'At least 12 characters. A few words you remember make a good one.');
    const repeat = input('New password again', {id: 'repeat-password', name: 'repeat', type: 'password',
      autocomplete: 'new-password', required: true});
    const form = h('form', {id: 'password-form', onsubmit: async e => {
      e.preventDefault();
      if (next.el.value !== repeat.el.value) {
        return showErrors(form, notice, {data: {fields: [{field: 'repeat', message: 'is not the same as the new password'}]}});
      }
      const r = await api('PUT', '/api/users/' + encodeURIComponent(session.username),
        {password: next.el.value, currentPassword: current.el.value});
      if (!r.ok) return showErrors(form, notice, r);
      window.location.assign('/console/login.html?passwordChanged=1');
    }}, h('h2', {}, 'Change your password'), notice, current.box, next.box, repeat.box,
      h('p', {class: 'muted'}, 'You are signed out everywhere afterwards, and sign in again with the new password.'),
      h('button', {type: 'submit', class: 'primary', id: 'change-password'}, 'Change password'));
    parts.push(form);
    main.replaceChildren(h('div', {class: 'account-layout'}, h('section', {class: 'panel', 'aria-labelledby': 'account-title'}, parts)));
    (session.mustChangePassword ? current.el : main).focus();
  }

  window.ParleyConsole.route(/^#\/team$/, () => teamView());
  window.ParleyConsole.route(/^#\/activity$/, () => activityView());
  window.ParleyConsole.route(/^#\/account$/, () => accountView());
})();
