// Market: one Betfair market's runners live from its server-sent events (snapshot, then diffs that replace
// the runners that changed, chained by update numbers; a broken chain asks for a fresh snapshot).
'use strict';
import { h, parseJson, table } from '/web/util.js';

export function mount(view, params) {
  const [marketId] = params;
  const base = '/api/markets/' + encodeURIComponent(marketId);
  const state = { header: null, runners: new Map(), update: null, snapshots: 0, diffs: 0, chainBreaks: 0 };
  const title = h('h1', null, 'Market ', marketId);
  const status = h('div', { class: 'stats', id: 'market-status' });
  const t = table('Best three back (blue) and lay (pink) offers with sizes; ltp last traded; matched per runner.',
    ['<runner', 'back', 'back', 'best back', 'best lay', 'lay', 'lay', 'ltp', 'matched', '<'], 'runners');
  const root = h('section', { id: 'market' }, title,
    h('p', { class: 'small' }, h('a', { href: '#/' }, '← overview'), ' · ', h('a', { href: '#/race/' + encodeURIComponent(marketId) }, 'race card'),
      ' · ', h('a', { href: base + '/stream?depth=3' }, 'raw event stream')), status, t.box);
  view.append(root);

  let source = null;
  function connect() {
    if (source) source.close();
    source = new EventSource(base + '/stream?depth=3');
    source.addEventListener('snapshot', ev => {
      const m = parseJson(ev.data);
      state.runners.clear();
      for (const r of m.runners) state.runners.set(r.selectionId + ':' + r.hc, r);
      delete m.runners;
      state.header = m; state.update = ev.lastEventId; state.snapshots++;
      render();
    });
    source.addEventListener('diff', ev => {
      const d = parseJson(ev.data);
      if (String(d.previousUpdate) !== String(state.update)) { state.chainBreaks++; connect(); return; }
      if (d.market) state.header = d.market;
      for (const r of d.runners) state.runners.set(r.selectionId + ':' + r.hc, r);
      for (const k of d.removed) state.runners.delete(k);
      state.update = String(d.update); state.diffs++;
      render();
    });
    source.addEventListener('closed', () => { status.textContent = 'market closed (it left the cache)'; source.close(); });
    source.onerror = () => { status.textContent = 'stream interrupted; reconnecting…'; };
  }
  const lvl = (ls, i) => ls && ls[i] ? ls[i][0] + ' (' + ls[i][1] + ')' : '';
  function render() {
    const m = state.header;
    if (!m) return;
    title.replaceChildren('Market ', marketId, ' ', h('span', { class: 'muted' }, [m.eventName, m.marketType].filter(Boolean).join(' · ')));
    const runners = [...state.runners.values()].sort((a, b) => (a.sortPriority || 0) - (b.sortPriority || 0));
    t.body.replaceChildren(...runners.map(r => h('tr', { class: r.status && r.status !== 'ACTIVE' ? 'scratched' : null },
      h('td', { class: 'l name' }, r.name || r.selectionId, r.status && r.status !== 'ACTIVE' ? ' (' + r.status.toLowerCase() + ')' : ''),
      h('td', { class: 'back' }, lvl(r.back, 2)), h('td', { class: 'back' }, lvl(r.back, 1)), h('td', { class: 'back best' }, lvl(r.back, 0)),
      h('td', { class: 'lay best' }, lvl(r.lay, 0)), h('td', { class: 'lay' }, lvl(r.lay, 1)), h('td', { class: 'lay' }, lvl(r.lay, 2)),
      h('td', null, r.ltp || '-'), h('td', null, r.tv || '0'),
      h('td', { class: 'l' }, h('a', { href: '#/history/betfair/' + encodeURIComponent(marketId) + '?selection=' + r.selectionId }, 'heatmap')))));
    status.replaceChildren(
      h('span', null, 'status ', h('span', { class: 'state state-' + String(m.status).toLowerCase() }, String(m.status).toLowerCase())),
      h('span', null, m.inPlay ? 'in play' : 'pre-play'), h('span', null, 'matched ', h('b', null, m.tv || '0')),
      h('span', null, 'back book ', h('b', null, m.backOverround ? m.backOverround + '%' : '-')),
      h('span', null, 'lay book ', h('b', null, m.layOverround ? m.layOverround + '%' : '-')),
      h('span', null, 'updates ', h('b', null, state.snapshots + ' snapshot(s), ' + state.diffs + ' diffs')));
    root.dataset.diffs = state.diffs;
    root.dataset.snapshots = state.snapshots;
  }
  connect();
  return () => { if (source) source.close(); };
}
