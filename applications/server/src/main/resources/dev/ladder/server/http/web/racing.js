// Racing: the day's schedule by meeting with countdowns and statuses; a race card with live prices.
'use strict';
import { h, getJson, parseJson, countdown, clock, table, every, hashQuery, setHashQuery } from '/web/util.js';

export function mountSchedule(view) {
  const q = hashQuery();
  const today = new Date().toISOString().slice(0, 10);
  const date = h('input', { id: 'race-date', type: 'date', value: q.get('date') || today, 'aria-label': 'Racing date' });
  const type = h('select', { id: 'race-type', 'aria-label': 'Race type' },
    [['', 'all racing'], ['horse', 'horses'], ['greyhound', 'greyhounds']].map(([v, t]) => h('option', { value: v, selected: (q.get('type') || '') === v }, t)));
  const list = h('div', { id: 'schedule' });
  const note = h('p', { class: 'muted small', role: 'status' });
  view.append(h('h1', null, 'Racing'), h('div', { class: 'toolbar' }, h('label', null, 'Date ', date), h('label', null, 'Type ', type)), note, list);
  let data = null;
  async function refresh() {
    try {
      const p = new URLSearchParams({ date: date.value });
      if (type.value) p.set('type', type.value);
      data = await getJson('/api/racing/schedule?' + p);
      const keep = new URLSearchParams();
      if (date.value !== today) keep.set('date', date.value);
      if (type.value) keep.set('type', type.value);
      setHashQuery(keep);
      render();
    } catch (e) {
      note.textContent = 'Cannot read the schedule: ' + e.message;
    }
  }
  function render() {
    if (!data) return;
    const now = Date.now();
    note.textContent = data.meetings.length ? data.meetings.length + ' meetings on ' + data.date : 'No meetings on ' + data.date + '.';
    list.replaceChildren(...data.meetings.map(m => h('section', { class: 'meeting', data: { meeting: m.id } },
      h('h2', null, m.name || m.venue, ' ', h('span', { class: 'muted small' }, [m.type, m.country].filter(Boolean).join(' · '))),
      h('ul', { class: 'race-list' }, m.races.map(r => {
        const start = Date.parse(r.startTime);
        const st = (r.status || '').toLowerCase();
        return h('li', null, h('a', { href: '#/race/' + encodeURIComponent(r.id), data: { race: r.id } },
          h('b', null, clock(start).slice(0, 5)), ' ', r.name || '',
          h('span', { class: 'countdown', data: { start, status: st } }, label(start, st, now))));
      })))));
  }
  const label = (start, st, now) => st === 'open' || !st ? countdown(start, now) : st;
  /** Only the countdowns change each second: the links stay, and so does the keyboard focus. */
  function tick() {
    const now = Date.now();
    for (const c of list.querySelectorAll('.countdown')) c.textContent = label(Number(c.dataset.start), c.dataset.status, now);
  }
  date.addEventListener('change', refresh);
  type.addEventListener('change', refresh);
  const stops = [every(15000, refresh), every(1000, tick)];
  return () => stops.forEach(s => s());
}

export function mountCard(view, params) {
  const [raceId] = params;
  const title = h('h1', null, 'Race ', raceId);
  const info = h('div', { class: 'stats', id: 'race-info' });
  const t = table('Runners with the best three back and lay offers (price and size) of the WIN market, last traded price and matched volume; scratched runners are struck through.',
    ['no.', '<runner', '<jockey', '<trainer', 'back 3', 'back 2', 'back', 'lay', 'lay 2', 'lay 3', 'ltp', 'matched', 'BSP'], 'race-runners');
  const results = h('div', { id: 'results' });
  const root = h('section', { id: 'race' }, title, h('p', { class: 'small' }, h('a', { href: '#/racing' }, '← schedule')), info, t.box, results);
  view.append(root);
  let card = null, cards = 0, source = null;
  const lvl = (ls, i) => ls && ls[i] ? h('span', null, ls[i][0], h('br'), h('span', { class: 'small muted' }, ls[i][1])) : '';
  function render() {
    if (!card) return;
    const start = Date.parse(card.startTime);
    title.replaceChildren(clock(start).slice(0, 5), ' ', card.meeting ? card.meeting.name || card.meeting.venue : '', ' ',
      h('span', { class: 'muted' }, card.name || ''));
    let book = 0, priced = 0;
    for (const r of card.runners) {
      if (!r.scratched && r.prices && r.prices.back && r.prices.back.length) { book += 100 / Number(r.prices.back[0][0]); priced++; }
    }
    const win = card.markets.find(m => m.type === 'WIN');
    info.replaceChildren(
      h('span', null, 'status ', h('span', { class: 'state state-' + String(card.status).toLowerCase() }, String(card.status).toLowerCase())),
      h('span', { id: 'race-countdown', data: { start } }, card.status === 'OPEN' ? countdown(start) : ''), card.distance ? h('span', null, card.distance) : '',
      h('span', null, 'back overround ', h('b', { id: 'overround' }, priced ? book.toFixed(2) + '%' : '-')),
      win ? h('span', null, h('a', { href: '#/market/' + encodeURIComponent(win.id) }, 'WIN market ' + win.id)) : '',
      h('span', { class: 'small muted' }, 'updates ' + cards));
    t.body.replaceChildren(...card.runners.map(r => {
      const p = r.prices || {};
      return h('tr', { class: r.scratched ? 'scratched' : null, data: { runner: r.id } },
        h('td', null, r.number !== null && r.number !== undefined ? r.number : r.barrier !== null && r.barrier !== undefined ? r.barrier : ''),
        h('td', { class: 'l name' }, r.scratched ? h('s', null, r.name || r.id) : r.name || r.id, r.placed ? ' ✓' : ''),
        h('td', { class: 'l' }, r.jockey || ''), h('td', { class: 'l' }, r.trainer || ''),
        h('td', { class: 'back' }, lvl(p.back, 2)), h('td', { class: 'back' }, lvl(p.back, 1)), h('td', { class: 'back best' }, lvl(p.back, 0)),
        h('td', { class: 'lay best' }, lvl(p.lay, 0)), h('td', { class: 'lay' }, lvl(p.lay, 1)), h('td', { class: 'lay' }, lvl(p.lay, 2)),
        h('td', null, p.ltp || '-'), h('td', null, p.tv || '-'), h('td', null, r.bsp || '-'));
    }));
    results.replaceChildren(...(card.results && card.results.length ? [h('h2', null, 'Result'),
      h('ol', { id: 'result-list' }, card.results.map(x => h('li', { value: x.position }, (x.number ? x.number + '. ' : '') + (x.name || x.id))))] : []));
    root.dataset.cards = cards;
    root.dataset.runners = card.runners.length;
  }
  function connect() {
    source = new EventSource('/api/racing/races/' + encodeURIComponent(raceId) + '/stream');
    source.addEventListener('card', ev => { card = parseJson(ev.data); cards++; render(); });
    source.onerror = () => {
      if (!card) getJson('/api/racing/races/' + encodeURIComponent(raceId)).catch(e => { info.textContent = e.message; source.close(); });
    };
  }
  connect();
  const stop = every(1000, () => {
    const c = root.querySelector('#race-countdown');
    if (c && card && card.status === 'OPEN') c.textContent = countdown(Number(c.dataset.start));
  });
  return () => { stop(); if (source) source.close(); };
}
