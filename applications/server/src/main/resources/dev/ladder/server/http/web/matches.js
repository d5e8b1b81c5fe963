// Matches: events by sport in start order with their markets and odds, refreshed as messages land.
'use strict';
import { h, getJson, every, hashQuery, setHashQuery } from '/web/util.js';

export function mount(view) {
  const q = hashQuery();
  const sportSel = h('select', { id: 'sport', 'aria-label': 'Sport' });
  const list = h('div', { id: 'matches' });
  const note = h('p', { class: 'muted small', role: 'status' });
  view.append(h('h1', null, 'Matches'), h('div', { class: 'toolbar' }, h('label', null, 'Sport ', sportSel)), note, list);
  const previous = new Map();
  let refreshing = false;
  async function sports() {
    const s = (await getJson('/api/sports')).sports.filter(x => !/racing/i.test(x.name));
    const want = q.get('sport') || sportSel.value || (s[0] && s[0].name);
    sportSel.replaceChildren(...s.map(x => h('option', { value: x.name, selected: x.name === want }, x.name)));
  }
  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    try {
      if (!sportSel.options.length) await sports();
      const sport = sportSel.value;
      if (!sport) { note.textContent = 'No sports in the catalog yet.'; return; }
      setHashQuery(new URLSearchParams({ sport }));
      const page = await getJson('/api/match/' + encodeURIComponent(sport) + '?ordering=startTime&size=50');
      const events = await Promise.all(page.items.map(i => getJson('/api/match/' + encodeURIComponent(i.id)).catch(() => null)));
      list.replaceChildren(...events.filter(Boolean).map(renderEvent));
      note.textContent = page.total + ' events · updated ' + new Date().toISOString().slice(11, 19) + ' UTC';
      list.dataset.updates = (Number(list.dataset.updates) || 0) + 1;
    } catch (e) {
      note.textContent = 'Cannot read the matches: ' + e.message;
    } finally {
      refreshing = false;
    }
  }
  function renderEvent(e) {
    const start = e.startTime ? new Date(e.startTime) : null;
    return h('article', { class: 'match', data: { event: e.id } },
      h('h3', null, e.name, ' ', h('span', { class: 'muted small' },
        (start ? start.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '') + (e.status ? ' · ' + e.status.toLowerCase() : ''))),
      ...(e.markets || []).map(m => h('div', { class: 'scroll' }, h('table', { class: 'odds' },
        h('caption', { class: 'l small', style: 'text-align: left' }, (m.name || m.type || 'market') + (m.status ? ' · ' + m.status.toLowerCase() : '')),
        h('tbody', null, h('tr', null, (m.selections || []).map(s => {
          const key = e.id + '/' + m.id + '/' + s.id;
          const changed = previous.has(key) && previous.get(key) !== s.odds;
          previous.set(key, s.odds);
          return h('td', { class: 'l' + (changed ? ' changed' : '') }, s.name, ' ', h('b', { data: { odds: key } }, s.odds || '-'));
        })))))));
  }
  sportSel.addEventListener('change', refresh);
  const stop = every(2000, refresh);
  return stop;
}
