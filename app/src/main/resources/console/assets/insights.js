'use strict';
/*
 * The Insights page: what the bot does for the business, in a business user's words. Tiles of the summary, charts
 * over time (uPlot, with every chart's numbers also as a table), the rules that answer most, what customers ask that
 * nothing answers (each with "Make a rule from this"), where failed messages failed, and each flow's funnel on its
 * steps. The WhatsApp numbers page names channels. Every text reaches the page through h() as text, never as HTML.
 */
(function () {
  const {h, fill, api, toast, errorText, time, main} = window.ParleyConsole;

  const RANGES = [['1', 'Last 24 hours'], ['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days']];
  const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const number = new Intl.NumberFormat();

  /** "1 message", "3 messages". */
  function count(n, one, many) {
    return number.format(n) + ' ' + (n === 1 ? one : many);
  }

  function percent(part, whole) {
    if (!whole) return '–';
    const p = 100 * part / whole;
    return (p > 0 && p < 1 ? '<1' : p > 99 && p < 100 ? '>99' : String(Math.round(p))) + '%';
  }

  /** Seconds in words a person reads at a glance: "0.4 s", "12 s", "3 min", "2.5 h", "more than a day". */
  function seconds(s) {
    if (s === null || s === undefined) return '–';
    if (s >= 86400) return 'a day or more';
    if (s >= 3600) return (Math.round(s / 360) / 10) + ' h';
    if (s >= 60) return Math.round(s / 60) + ' min';
    if (s >= 10) return Math.round(s) + ' s';
    return (Math.round(s * 10) / 10) + ' s';
  }

  /** The channel's name, else its id. */
  function channelLabel(channels, id) {
    const c = channels.find(x => x.channelId === id);
    return c && c.name ? c.name : id;
  }

  function query(state) {
    const to = new Date();
    const from = new Date(to.getTime() - Number(state.days) * 86400000);
    return 'from=' + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString())
      + (state.channel ? '&channelId=' + encodeURIComponent(state.channel) : '');
  }

  function tile(id, label, value, detail, tone) {
    return h('div', {class: 'tile' + (tone ? ' ' + tone : ''), id: 'tile-' + id},
      h('span', {class: 'tile-label'}, label), h('span', {class: 'tile-value'}, value),
      detail ? h('span', {class: 'tile-detail'}, detail) : null);
  }

  function tiles(s) {
    const a = s.answered;
    const byBot = a.rule + a.flow + a.fallback;
    const f = s.firstResponseSeconds;
    const d = s.delivery;
    return h('div', {class: 'tiles', id: 'insight-tiles'},
      tile('received', 'Customer messages', number.format(s.received)),
      tile('answered', 'Answered by the bot', number.format(byBot), percent(byBot, s.received - s.other.noAnswerNeeded)
        + ' of those that asked · ' + number.format(a.rule) + ' by rules, ' + number.format(a.flow) + ' in flows, '
        + number.format(a.fallback) + ' by the fallback', 'good'),
      tile('unanswered', 'Nothing answered', number.format(s.unanswered),
        s.unanswered ? 'no rule matched and no person had the conversation' : 'every message got an answer',
        s.unanswered ? 'bad' : null),
      tile('people', 'Handed to people', number.format(s.handoffs), count(s.agentMessages, 'message', 'messages')
        + ' written by the team' + (s.other.withPeople ? ' · ' + count(s.other.withPeople, 'customer message',
          'customer messages') + ' came while a person had the conversation' : '')),
      tile('first-response', 'First reply, typical', seconds(f.p50), f.count ? '9 in 10 within ' + seconds(f.p90)
        : 'no customer waited'),
      tile('delivered', 'Delivered', percent(d.delivered, d.accepted), number.format(d.read) + ' read, of '
        + count(d.accepted, 'message', 'messages') + ' sent'),
      tile('failed', 'Failed messages', number.format(d.failed), d.failed ? 'see why below' : null,
        d.failed ? 'bad' : null),
      tile('opt-outs', 'Opted out', number.format(s.optOuts), s.optIns ? number.format(s.optIns) + ' opted in again'
        : null));
  }

  /** A chart over time, and the same numbers as a table for those who do not see the chart. */
  /** Steps of a count axis: whole numbers only. */
  const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000,
    500000, 1000000];

  /**
   * @param range the y axis's fixed [min, max] (a share), or null to fit the values (counts start at 0)
   * @param whole true for counts: the axis steps by whole numbers
   */
  function chart(id, title, series, format, range, whole) {
    const figure = h('figure', {class: 'chart', id: 'chart-' + id});
    const plot = h('div', {class: 'plot', role: 'img', 'aria-label': title + ': chart; the numbers are in the table below'});
    const points = series[0].points;
    const rows = points.map((p, i) => h('tr', {}, h('th', {scope: 'row'}, day(p.at)),
      series.map(s => h('td', {}, s.points[i].value === null ? '–' : format(s.points[i].value)))));
    figure.append(h('figcaption', {}, title), plot,
      h('details', {class: 'chart-table'}, h('summary', {}, 'Show the numbers'),
        h('table', {}, h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Day'),
          series.map(s => h('th', {scope: 'col'}, s.label)))), h('tbody', {}, rows))));
    if (window.uPlot) {
      const draw = () => {
        const width = Math.max(260, plot.clientWidth || 600);
        plot.replaceChildren();
        const data = [points.map(p => Date.parse(p.at) / 1000)].concat(series.map(s => s.points.map(p => p.value)));
        new window.uPlot({
          width, height: 180, legend: {show: series.length > 1, live: false},
          scales: {x: {time: true}, y: {range: range ? () => range
            : (u, min, max) => [0, Math.max(max || 0, 1) * 1.1]}},
          axes: [{}, {values: (u, ticks) => ticks.map(t => format(t)), size: 60, incrs: whole ? WHOLE_STEPS : undefined}],
          series: [{}].concat(series.map(s => ({label: s.label, stroke: s.color, width: 2,
            fill: series.length === 1 ? s.color + '22' : undefined, spanGaps: false})))
        }, data, plot);
      };
      requestAnimationFrame(draw);
      if (window.ResizeObserver) {
        let last = 0;
        new ResizeObserver(() => {
          if (Math.abs(plot.clientWidth - last) > 20) { last = plot.clientWidth; draw(); }
        }).observe(plot);
      }
    } else {
      plot.append(h('p', {class: 'muted'}, 'The chart could not be drawn; the numbers are below.'));
    }
    return figure;
  }

  function day(at) {
    return new Date(at).toLocaleDateString([], {weekday: 'short', day: 'numeric', month: 'short'});
  }

  function bar(value, max, label) {
    const width = max ? Math.max(2, Math.round(100 * value / max)) : 0;
    return h('span', {class: 'bar', role: 'presentation'}, h('span', {class: 'bar-fill', 'data-width': width,
      title: label}));
  }

  /** Bars get their width from a data attribute (the page's policy allows no inline style). */
  function sizeBars(root) {
    root.querySelectorAll('.bar-fill[data-width]').forEach(b => { b.style.width = b.dataset.width + '%'; });
  }

  function rulesTable(rules) {
    const used = rules.filter(r => r.replies > 0);
    const max = used.length ? used[0].replies : 0;
    const idle = rules.filter(r => r.replies === 0 && !r.deleted);
    return h('section', {class: 'panel', id: 'top-rules', 'aria-labelledby': 'top-rules-title'},
      h('h2', {id: 'top-rules-title'}, 'Rules that answer most'),
      used.length ? h('table', {class: 'ranked'}, h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Rule'),
        h('th', {scope: 'col'}, 'Messages answered'), h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'},
          'Share')))),
        h('tbody', {}, used.slice(0, 10).map(r => h('tr', {},
          h('td', {}, r.deleted ? h('span', {}, r.name, ' ', h('span', {class: 'badge'}, 'deleted'))
            : h('a', {href: '#/rules/' + r.ruleId}, r.name)),
          h('td', {class: 'num'}, number.format(r.replies)),
          h('td', {}, bar(r.replies, max, number.format(r.replies) + ' messages'))))))
        : h('p', {class: 'muted'}, 'No rule answered in this time.'),
      idle.length ? h('p', {class: 'muted'}, idle.length === 1 ? 'One rule answered nothing: ' : idle.length
        + ' rules answered nothing: ', idle.slice(0, 8).flatMap((r, i) => [i ? ', ' : '',
        h('a', {href: '#/rules/' + r.ruleId}, r.name)]), idle.length > 8 ? ' …' : '') : null);
  }

  function unansweredList(groups) {
    return h('section', {class: 'panel', id: 'unanswered', 'aria-labelledby': 'unanswered-title'},
      h('h2', {id: 'unanswered-title'}, 'What customers ask that nothing answers'),
      h('p', {class: 'muted'}, 'Messages only the fallback answered, or nothing: the same words count as one '
        + 'question, whatever their case and punctuation.'),
      groups.length ? h('ol', {class: 'unanswered'}, groups.map(g => h('li', {},
        h('span', {class: 'question'}, '“' + g.text + '”'),
        h('span', {class: 'muted'}, (g.count === 1 ? 'once' : number.format(g.count) + ' times') + ', last '
          + time(g.lastAt) + (g.nothingAnswered ? ' · ' + (g.nothingAnswered === g.count ? 'nothing answered'
            : number.format(g.nothingAnswered) + ' with no answer at all') : ' · the fallback answered')),
        h('a', {class: 'button small make-rule', 'data-needs': 'edit',
          href: '#/rules/new?' + new URLSearchParams({match: 'KEYWORD', value: g.text, name: g.text.slice(0, 60)}),
          'aria-label': 'Make a rule from “' + g.text + '”'}, 'Make a rule from this'))))
        : h('p', {}, 'Every customer message got a specific answer in this time.'));
  }

  function failuresList(summary) {
    const failures = summary.failures || [];
    if (!failures.length) return null;
    return h('section', {class: 'panel', id: 'failures', 'aria-labelledby': 'failures-title'},
      h('h2', {id: 'failures-title'}, 'Why messages failed'),
      h('ul', {class: 'failures'}, failures.map(f => h('li', {},
        h('strong', {}, number.format(f.count) + ' × '), f.meaning || 'Code ' + f.code,
        h('span', {class: 'muted'}, ' (code ' + f.code + ')')))));
  }

  const STEP_WORDS = {MESSAGE: 'Message', ASK: 'Question', BRANCH: 'Decision', HTTP: 'Look-up', HANDOFF: 'Hand-over',
    END: 'End'};

  function funnel(f) {
    const max = Math.max(1, ...f.steps.map(s => s.entered));
    return h('article', {class: 'funnel', 'data-flow-id': f.flowId},
      h('h3', {}, h('a', {href: '#/flows/' + f.flowId}, f.name)),
      h('p', {class: 'muted'}, number.format(f.started) + ' started · ' + number.format(f.completed)
        + ' reached an end · ' + number.format(f.handedOff) + ' handed to a person'),
      f.started || f.steps.some(s => s.entered) ? h('ol', {class: 'funnel-steps'}, f.steps.map(s => h('li', {
        class: s.type ? '' : 'removed', 'data-step': s.id},
        h('span', {class: 'step-name'}, (STEP_WORDS[s.type] || 'Step no longer in the flow') + ' “' + s.id + '”'),
        bar(s.entered, max, number.format(s.entered) + ' came here'),
        h('span', {class: 'step-counts'}, number.format(s.entered) + ' came here',
          s.invalid ? ' · ' + number.format(s.invalid) + ' answers not understood' : '',
          s.timedOut ? ' · ' + number.format(s.timedOut) + ' no answer in time' : '',
          s.left ? h('span', {class: 'left'}, ' · ' + number.format(s.left) + ' left here') : ''))))
        : h('p', {class: 'muted'}, 'Not used in this time.'));
  }

  async function insightsView() {
    const state = {days: sessionStorage.getItem('insights-days') || '7',
      channel: sessionStorage.getItem('insights-channel') || ''};
    const range = h('select', {id: 'insights-range', 'aria-label': 'Time'},
      RANGES.map(([v, label]) => h('option', {value: v}, label)));
    range.value = state.days;
    const channel = h('select', {id: 'insights-channel', 'aria-label': 'WhatsApp number'},
      h('option', {value: ''}, 'All WhatsApp numbers'));
    const body = h('div', {id: 'insights-body', 'aria-live': 'polite'}, h('p', {class: 'muted'}, 'Loading…'));
    main.replaceChildren(h('section', {class: 'panel'},
      h('div', {class: 'panel-head'}, h('h1', {}, 'Insights'),
        h('div', {class: 'insight-filters'}, range, channel))), body);
    const channels = (await api('GET', '/api/channels')).data || [];
    channels.forEach(c => channel.append(h('option', {value: c.channelId}, c.name || c.channelId)));
    channel.value = state.channel;
    const reload = () => {
      state.days = range.value;
      state.channel = channel.value;
      sessionStorage.setItem('insights-days', state.days);
      sessionStorage.setItem('insights-channel', state.channel);
      load(body, state, channels).catch(e => body.replaceChildren(h('p', {class: 'notice error'}, String(e))));
    };
    range.addEventListener('change', reload);
    channel.addEventListener('change', reload);
    reload();
  }

  async function load(body, state, channels) {
    const q = query(state);
    const bucket = state.days === '1' ? 'hour' : 'day';
    const series = metric => api('GET', '/api/analytics/timeseries?metric=' + metric + '&bucket=' + bucket
      + '&zone=' + encodeURIComponent(ZONE) + '&' + q);
    const [summary, rules, unanswered, flows, received, answered, share, p50, p90, failed] = await Promise.all([
      api('GET', '/api/analytics/summary?' + q), api('GET', '/api/analytics/rules?' + q),
      api('GET', '/api/analytics/unanswered?limit=20&' + q), api('GET', '/api/flows'),
      series('received'), series('answered'), series('botShare'), series('firstResponseP50'),
      series('firstResponseP90'), series('failed')]);
    for (const r of [summary, rules, unanswered, received]) {
      if (!r.ok) { body.replaceChildren(h('p', {class: 'notice error', role: 'alert'}, errorText(r))); return; }
    }
    const funnels = await Promise.all((flows.data || []).map(f => api('GET', '/api/analytics/flows/' + f.id + '?' + q)));
    const s = summary.data;
    const integer = v => number.format(Math.round(v));
    const pct = v => Math.round(v * 100) + '%';
    const whole = state.channel ? channelLabel(channels, state.channel) : 'all WhatsApp numbers';
    const when = at => new Date(at).toLocaleString([], {dateStyle: 'medium', timeStyle: 'short'});
    fill(body,
      h('p', {class: 'muted', id: 'insights-range-words'}, RANGES.find(r => r[0] === state.days)[1] + ', '
        + whole + ': ' + when(s.from) + ' to ' + when(s.to)),
      tiles(s),
      h('section', {class: 'panel charts', 'aria-label': 'Over time'},
        chart('messages', 'Customer messages and the bot\'s answers', [
          {label: 'Customer messages', color: '#1a73e8', points: received.data.points},
          {label: 'Answered by the bot', color: '#0b7a5a', points: answered.data.points}], integer, null, true),
        chart('bot-share', 'Share the bot answered itself', [
          {label: 'Bot share', color: '#0b7a5a', points: share.data.points}], pct, [0, 1]),
        chart('first-response', 'Time to the first reply', [
          {label: 'Typical (median)', color: '#1a73e8', points: p50.data.points},
          {label: '9 in 10 within', color: '#8a5a00', points: p90.data.points}], seconds),
        chart('failures', 'Failed messages', [
          {label: 'Failed', color: '#b3261e', points: failed.data.points}], integer, null, true)),
      h('div', {class: 'insight-columns'}, rulesTable(rules.data), unansweredList(unanswered.data)),
      failuresList(s),
      h('section', {class: 'panel', id: 'funnels', 'aria-labelledby': 'funnels-title'},
        h('h2', {id: 'funnels-title'}, 'Flows, step by step'),
        funnels.length ? funnels.filter(f => f.ok).map(f => funnel(f.data))
          : h('p', {class: 'muted'}, 'No flows yet.')));
    sizeBars(body);
  }

  // ---------- WhatsApp numbers: the names people know the channels by ----------

  async function numbersView() {
    const result = await api('GET', '/api/channels');
    if (!result.ok) return main.replaceChildren(h('p', {class: 'notice error'}, errorText(result)));
    const admin = window.ParleyConsole.can('administer');
    main.replaceChildren(h('section', {class: 'panel', 'aria-labelledby': 'numbers-title'},
      h('h1', {id: 'numbers-title'}, 'WhatsApp numbers'),
      h('p', {class: 'muted'}, 'The names the console shows for your numbers (channels). '
        + (admin ? 'A name given here wins over one in Parley\'s settings; leave it empty to go back to that.'
          : 'Admins can change them.')),
      result.data.length ? h('ul', {class: 'numbers', id: 'numbers'}, result.data.map(c => numberRow(c, admin)))
        : h('p', {}, 'No number has written or been named yet.')));
  }

  function numberRow(c, admin) {
    const input = h('input', {value: c.name || '', id: 'name-' + c.channelId,
      'aria-describedby': 'name-' + c.channelId + '-error', placeholder: 'A name, e.g. Shop Berlin'});
    const error = h('span', {class: 'field-error', id: 'name-' + c.channelId + '-error'});
    const save = async e => {
      e.preventDefault();
      const r = await api('PUT', '/api/channels/' + encodeURIComponent(c.channelId), {name: input.value});
      if (!r.ok) {
        const f = ((r.data || {}).fields || [])[0];
        error.textContent = f ? 'The name ' + f.message : errorText(r);
        input.setAttribute('aria-invalid', 'true');
        return input.focus();
      }
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      input.value = r.data.name || '';
      toast(r.data.name ? 'Saved: ' + r.data.name : 'The number has no name now');
    };
    return h('li', {'data-channel-id': c.channelId},
      h('form', {onsubmit: save, class: 'number'},
        h('label', {for: input.id}, h('span', {class: 'channel-id'}, c.channelId)),
        admin ? h('div', {class: 'inline'}, input, h('button', {type: 'submit', class: 'primary'}, 'Save'))
          : h('strong', {}, c.name || 'no name'),
        error,
        h('span', {class: 'muted'}, number.format(c.conversations) + (c.conversations === 1 ? ' conversation'
          : ' conversations') + (c.lastMessageAt ? ', last message ' + time(c.lastMessageAt) : '')
          + (c.source === 'settings' ? ' · name from the settings' : c.namedBy ? ' · named by ' + c.namedBy : ''))));
  }

  window.ParleyConsole.route(/^#\/insights$/, () => insightsView());
  window.ParleyConsole.route(/^#\/numbers$/, () => numbersView());
})();
