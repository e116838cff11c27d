// Cutover dashboard: one EventSource on /api/v1/events, no polling. The server sends the current
// network, proposals and agents first, then every committed change; this file only renders them.
// When the aggregator serves several networks, a picker chooses the one shown (?chain=).
'use strict';

const state = {
  network: null,          // GET /api/v1/network
  proposals: new Map(),   // proposal id -> Proposal (proto3 JSON)
  agents: new Map(),      // node -> RolloutStatus (proto3 JSON)
  timelineUpgrade: null,  // the upgrade whose timelines are shown
  timelines: null,        // GET /api/v1/timelines?upgrade=… (UpgradeTimelines, proto3 JSON)
  chain: '',              // the network shown when several are served ('' while only one is)
};

const PHASE_TONE = {
  RUNNING: 'ok', READY: 'ok', SCHEDULED: 'info', STAGING: 'info',
  HALTING: 'busy', SWITCHING: 'busy', STARTING: 'busy',
  RETRYING: 'warn', ROLLED_BACK: 'warn', FAILED: 'bad', RECOVERING: 'busy',
};
const STATUS_TONE = { PENDING: 'info', APPROVED: 'ok', REJECTED: 'muted', CANCELLED: 'warn' };

// ---- small DOM helpers (text only: nothing from the server is parsed as HTML) ----
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'style') el.setAttribute('style', value);
    else if (key.startsWith('data-') || key === 'title' || key === 'role' || key.startsWith('aria-')) el.setAttribute(key, value);
    else el[key] = value;
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}
const byId = (id) => document.getElementById(id);
const num = (v) => Number(v || 0);
const fmt = (v) => num(v).toLocaleString('en-US');
const shortKey = (key) => (key && key.length > 14 ? `${key.slice(0, 6)}…${key.slice(-6)}` : key || '—');
const enumName = (value, prefix) => String(value || '').replace(prefix, '');
const pct = (part, whole) => (whole > 0 ? Math.max(0, Math.min(100, (100 * part) / whole)) : 0);
const fraction = (text) => {
  const [n, d] = String(text || '0/1').split('/').map(Number);
  return d > 0 ? n / d : 0;
};
const ruleText = (rule, threshold) => `${rule === 'greater' ? '>' : '≥'} ${threshold}`;
const validatorByKey = (key) => (state.network ? state.network.validators.find((v) => v.pubKey === key) : undefined);

function replace(container, rows, emptyRow) {
  container.replaceChildren(...(rows.length ? rows : [emptyRow]));
}

// ---- bars ----
function tallyBar({ approving, rejecting = 0, total, threshold, label }) {
  const mark = pct(fraction(threshold) * total, total);
  return h('div', { class: 'bar', role: 'img', 'aria-label': label },
    h('span', { class: 'fill yes', style: `width:${pct(approving, total)}%` }),
    rejecting > 0 ? h('span', { class: 'fill no', style: `width:${pct(rejecting, total)}%` }) : null,
    h('span', { class: 'mark', style: `left:${mark}%`, title: `threshold ${threshold}` }));
}

// ---- sections ----
function renderNetwork() {
  const n = state.network;
  if (!n) return;
  byId('chain-id').textContent = n.chainId;
  byId('network-height').textContent = n.networkHeightKnown ? fmt(n.networkHeight) : 'unknown';
  byId('current-release').textContent = n.currentRelease;
  byId('total-power').textContent = fmt(n.totalVotingPower);
  byId('threshold').textContent = `${ruleText(n.approvalRule, n.approvalThreshold)} (${fmt(n.approvalPower)})`;
  replace(byId('validators'), n.validators.map((v) => h('tr', { 'data-validator': v.pubKey },
    h('td', {}, v.name),
    h('td', { class: 'mono', title: v.pubKey }, shortKey(v.pubKey)),
    h('td', { class: 'num' }, fmt(v.votingPower)),
    h('td', { class: 'share' }, h('div', { class: 'bar thin' },
      h('span', { class: 'fill neutral', style: `width:${pct(v.votingPower, n.totalVotingPower)}%` })),
      h('small', {}, `${pct(v.votingPower, n.totalVotingPower).toFixed(1)}%`)))),
  h('tr', { class: 'empty' }, h('td', { colspan: 4 }, 'No validators.')));
}

function renderUpgrades() {
  const n = state.network;
  const cards = (n ? n.upgrades : []).map((u) => {
    const byChain = u.origin === 'ANNOUNCED_BY_CHAIN';
    const byNodes = u.readinessBy === 'NODE_COUNT';
    const unit = byNodes ? 'nodes' : 'voting power';
    const total = byNodes ? u.reportingNodes : n.totalVotingPower;
    // reached, the chain is either past the height or still halted at it. Past it, the upgrade took effect, as
    // the validators' hot-fix when it failed at the height, or was skipped when they returned from it
    const past = n.networkHeightKnown && n.networkHeight > u.height;
    const recovered = u.recoveredBy;
    const recovering = recovered || (n.recoveries || []).some((r) => r.upgradeId === u.proposalId);
    const atHeight = recovering ? 'Failed · recovering' : 'At the height · switching';
    const returned = recovered && recovered.action === 'RETURN';
    const pastIt = returned ? 'Returned · skipped' : recovered ? `Took effect · hot-fix ${recovered.releaseTag}` : 'Took effect';
    const status = u.reached ? (past ? pastIt : atHeight) : u.haltRisk ? 'At risk' : u.readyEnough ? 'Ready' : 'Staging';
    const tone = u.reached ? (past ? (returned ? 'warn' : 'ok') : recovering ? 'bad' : 'warn')
      : u.haltRisk ? 'bad' : u.readyEnough ? 'ok' : 'warn';
    const left = u.blocksLeft === null || u.blocksLeft === undefined ? '—' : fmt(u.blocksLeft);
    let note = null;
    if (u.haltRisk) {
      note = h('div', { id: 'halt-warning', class: 'alert bad', role: 'alert' },
        h('strong', {}, 'The network would halt at this height. '),
        `Only ${fmt(u.readyPower)} of ${fmt(total)} ${unit} ready for ${u.releaseTag}; `,
        `${fmt(u.requiredPower)} is needed, with ${left} blocks left. Stage the release on more validators.`);
    } else if (!u.reached && !u.readyEnough) {
      note = h('div', { class: 'alert warn' },
        `${fmt(u.readyPower)} of ${fmt(total)} ${unit} ready; ${fmt(u.requiredPower)} needed before height ${fmt(u.height)}.`);
    }
    return h('article', { class: `upgrade tone-${tone}`, 'data-upgrade': u.proposalId, 'data-origin': u.origin },
      h('div', { class: 'upgrade-head' },
        h('div', {},
          h('div', { class: 'eyebrow' }, byChain ? 'Announced by the chain' : 'Approved upgrade'),
          h('h2', {}, `${n.currentRelease === u.releaseTag ? '' : 'to '}${u.releaseTag}`, h('span', { class: 'at' }, ` at height ${fmt(u.height)}`)),
          h('div', { class: 'mono muted small' }, byChain
            ? `${u.proposalId} · not approved on Cutover; ${fmt(u.reportingNodes)} node${u.reportingNodes === 1 ? '' : 's'} reporting it`
            : u.proposalId)),
        h('div', { class: 'countdown' },
          h('div', { class: 'big', 'data-blocks-left': u.blocksLeft ?? '' }, left),
          h('div', { class: 'muted small' }, u.reached ? 'height reached' : 'blocks left')),
        h('span', { class: `badge ${tone}` }, status)),
      h('div', { class: 'readiness' },
        h('div', { class: 'readiness-label' },
          h('span', {}, byNodes ? 'Ready nodes' : 'Ready voting power'),
          h('span', { class: 'num' }, `${fmt(u.readyPower)} / ${fmt(total)} · needs ${fmt(u.requiredPower)}`)),
        tallyBar({ approving: u.readyPower, total, threshold: n.approvalThreshold, label: byNodes ? 'ready nodes' : 'ready voting power' }),
        h('div', { class: 'muted small' }, u.readyNodes.length ? `Ready: ${u.readyNodes.join(', ')}` : 'No node ready yet.')),
      u.reached && !byNodes ? powerBack(u, n) : null,
      note);
  });
  byId('upgrades').replaceChildren(...cards);
}

// An upgrade that failed at its height, while the network is halted there: each recovery's tally, each
// node's step in applying it, and the voting power back online until the chain moves again.
function renderRecoveries() {
  const n = state.network;
  const cards = (n && n.recoveries ? n.recoveries : []).map((r) => {
    const tone = STATUS_TONE[r.status] || 'muted';
    const what = r.action === 'HOT_FIX' ? `hot-fix ${r.releaseTag}` : 'return to the previous release';
    return h('article', { class: `upgrade tone-${r.status === 'APPROVED' ? 'ok' : 'bad'}`, 'data-recovery': r.recoveryId,
      'data-status': r.status },
    h('div', { class: 'upgrade-head' },
      h('div', {},
        h('div', { class: 'eyebrow' }, `Failed upgrade ${r.upgradeId}`),
        h('h2', {}, `Recovery: ${what}`, h('span', { class: 'at' }, ` at height ${fmt(r.height)}`)),
        h('div', { class: 'mono muted small' }, `${r.recoveryId} · ${r.failedReleaseTag} failed at its height`)),
      h('span', { class: `badge ${tone}` }, r.status)),
    h('div', { class: 'readiness' },
      h('div', { class: 'readiness-label' },
        h('span', {}, 'Approving voting power'),
        h('span', { class: 'num' }, `${fmt(r.approvingPower)} / ${fmt(n.totalVotingPower)} · needs ${fmt(r.requiredPower)}`)),
      tallyBar({ approving: num(r.approvingPower), total: n.totalVotingPower, threshold: n.approvalThreshold, label: 'approving voting power' }),
      h('div', { class: 'muted small' }, r.statusReason)),
    r.status === 'APPROVED' ? h('div', { class: 'readiness power-back', 'data-back-power': r.backPower },
      h('div', { class: 'readiness-label' },
        h('span', {}, 'Back online after the recovery'),
        h('span', { class: 'num' }, `${fmt(r.backPower)} / ${fmt(n.totalVotingPower)} · the chain resumes at ${fmt(r.requiredPower)}`)),
      tallyBar({ approving: num(r.backPower), total: n.totalVotingPower, threshold: n.approvalThreshold, label: 'voting power back online' }),
      h('div', { class: 'muted small' }, r.steps.length
        ? r.steps.map((s) => `${s.node}: ${s.phase}${s.runningRelease ? ` (${s.runningRelease})` : ''}`).join(' · ')
        : 'No agent has started applying it yet.')) : null);
  });
  byId('recoveries').replaceChildren(...cards);
}

// During the switch: the voting power whose node is back online on the new release. The chain makes
// blocks again once it meets the threshold.
function powerBack(u, n) {
  const enough = num(u.backPower) >= num(u.requiredPower);
  const r = u.recoveredBy;
  const backOn = !r ? `Back online on ${u.releaseTag}` : r.action === 'RETURN' ? 'Back online after the return'
    : `Back online on the hot-fix ${r.releaseTag}`;
  return h('div', { class: 'readiness power-back', 'data-back-power': u.backPower },
    h('div', { class: 'readiness-label' },
      h('span', {}, backOn),
      h('span', { class: 'num' }, `${fmt(u.backPower)} / ${fmt(n.totalVotingPower)} · the chain resumes at ${fmt(u.requiredPower)}`)),
    tallyBar({ approving: u.backPower, total: n.totalVotingPower, threshold: n.approvalThreshold, label: 'voting power back online' }),
    h('div', { class: 'muted small' }, enough
      ? `More than the threshold is back: ${u.backNodes.join(', ')}.`
      : u.backNodes.length ? `Back: ${u.backNodes.join(', ')}; waiting for more voting power.` : 'No node is back yet.'));
}

function renderNodes() {
  const target = state.network && state.network.upgrades.find((u) => !u.reached);
  const rows = [...state.agents.values()].sort((a, b) => a.node.localeCompare(b.node)).map((a) => {
    const reported = enumName(a.phase, 'ROLLOUT_PHASE_');
    const phase = !reported || reported === 'UNSPECIFIED' ? 'UNKNOWN' : reported;
    const validator = validatorByKey(a.validatorKey);
    const ready = a.ready || (target && a.runningRelease === target.releaseTag);
    const scheduled = Boolean(target || a.targetProposalId);
    return h('tr', { 'data-node': a.node, 'data-phase': phase, class: phase === 'FAILED' ? 'row-bad' : null },
      h('td', { class: 'strong' }, a.node),
      h('td', { title: a.validatorKey }, validator ? validator.name : shortKey(a.validatorKey)),
      h('td', { class: 'num' }, validator ? fmt(validator.votingPower) : '0'),
      h('td', {}, h('span', { class: `badge ${PHASE_TONE[phase] || 'muted'}` }, phase.replace('_', ' '))),
      h('td', {}, ready ? h('span', { class: 'yes' }, '✔ ready')
        : scheduled ? h('span', { class: 'no' }, '✘ not ready') : h('span', { class: 'muted' }, '—')),
      h('td', { class: 'num' }, num(a.height) > 0 ? fmt(a.height) : '—'),
      h('td', { class: 'mono' }, a.runningRelease || '—'),
      h('td', { class: 'mono' }, a.targetRelease ? `${a.targetRelease} @ ${fmt(a.targetHeight)}` : '—'),
      h('td', { class: 'error' }, a.lastError || ''));
  });
  replace(byId('nodes'), rows, h('tr', { class: 'empty' }, h('td', { colspan: 9 }, 'No agent has reported yet.')));
}

// A recovery is listed with the proposals: named by what it does and the upgrade it recovers.
const proposalLabel = (p) => (p.recovery
  ? `${p.releaseTag ? `hot-fix ${p.releaseTag}` : 'return'} of ${p.recovery.upgradeId}`
  : p.releaseTag);

function renderProposals() {
  const all = [...state.proposals.values()];
  const open = all.filter((p) => enumName(p.status, 'PROPOSAL_STATUS_') === 'PENDING')
    .sort((a, b) => num(a.height) - num(b.height));
  const past = all.filter((p) => enumName(p.status, 'PROPOSAL_STATUS_') !== 'PENDING')
    .sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
  const openCards = open.map((p) => {
    const total = num(p.totalPower);
    return h('article', { class: 'proposal', 'data-proposal-id': p.proposalId, 'data-status': 'PENDING' },
      h('div', { class: 'proposal-head' },
        h('strong', {}, proposalLabel(p)), h('span', { class: 'muted' }, ` at height ${fmt(p.height)}`),
        h('span', { class: 'badge info' }, 'PENDING')),
      tallyBar({ approving: num(p.approvingPower), rejecting: num(p.rejectingPower), total, threshold: p.threshold,
        label: 'approving voting power' }),
      h('div', { class: 'proposal-foot muted small' },
        h('span', {}, `${fmt(p.approvingPower)} of ${fmt(total)} for (${(p.approvers || []).length} validators)`),
        num(p.rejectingPower) > 0 ? h('span', {}, ` · ${fmt(p.rejectingPower)} against`) : null,
        h('span', {}, ` · needs ${ruleText(p.approvalRule, p.threshold)}`)),
      h('div', { class: 'mono muted small' }, p.proposalId));
  });
  const pastRows = past.map((p) => {
    const status = enumName(p.status, 'PROPOSAL_STATUS_');
    return h('tr', { 'data-proposal-id': p.proposalId, 'data-status': status },
      h('td', { class: 'strong', title: p.proposalId }, proposalLabel(p)),
      h('td', { class: 'num' }, fmt(p.height)),
      h('td', {}, h('span', { class: `badge ${STATUS_TONE[status] || 'muted'}` }, status)),
      h('td', { class: 'tally' }, tallyBar({ approving: num(p.approvingPower), rejecting: num(p.rejectingPower),
        total: num(p.totalPower), threshold: p.threshold, label: 'approving voting power' }),
      h('small', {}, `${fmt(p.approvingPower)}/${fmt(p.totalPower)}`)),
      h('td', { class: 'muted' }, p.statusReason || ''));
  });
  replace(byId('proposals-open'), openCards, h('p', { class: 'empty' }, 'No open proposal.'));
  replace(byId('proposals-past'), pastRows, h('tr', { class: 'empty' }, h('td', { colspan: 5 }, 'None yet.')));
}

// ---- timelines: each node's steps through one upgrade, side by side on a shared time axis ----
const TIMELINE_MARKS = [['stagedAt', 'staged'], ['verifiedAt', 'verified'], ['haltedAt', 'halted'], ['switchedAt', 'switched'],
  ['startedAt', 'started'], ['firstBlockAt', 'first block']];
const millis = (timestamp) => (timestamp ? Date.parse(timestamp) : NaN);
const clock = (ms) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });

function renderTimelineChoice() {
  const select = byId('timeline-upgrade');
  const ids = state.network ? state.network.upgrades.map((u) => u.proposalId) : [];
  if (!ids.includes(state.timelineUpgrade)) state.timelineUpgrade = ids[0] || null;
  if ([...select.options].map((o) => o.value).join('\n') !== ids.join('\n')) {
    select.replaceChildren(...ids.map((id) => h('option', { value: id }, id)));
  }
  select.value = state.timelineUpgrade || '';
}

// The timelines are fetched again after the events that may change them: one request at a time, and one more
// when an event came while a request was under way.
let timelineFetch = null;
let timelineStale = false;
function refreshTimelines() {
  if (timelineFetch) {
    timelineStale = true;
    return;
  }
  timelineFetch = setTimeout(async () => {
    timelineStale = false;
    const id = state.timelineUpgrade;
    try {
      const response = id ? await fetch(`/api/v1/timelines?upgrade=${encodeURIComponent(id)}${state.chain ? `&chain=${encodeURIComponent(state.chain)}` : ''}`) : null;
      state.timelines = response && response.ok ? await response.json() : null;
    } catch (e) {
      state.timelines = null;
    }
    timelineFetch = null;
    renderTimelines();
    if (timelineStale) refreshTimelines();
  }, 250);
}

function renderTimelines() {
  const t = state.timelines;
  const box = byId('timelines');
  if (!t || !t.nodes.length) {
    box.replaceChildren(h('p', { class: 'empty' }, t ? `No node has reported a timeline of ${t.upgradeId} yet.` : 'No upgrade yet.'));
    return;
  }
  const threshold = state.network ? ruleText(state.network.approvalRule, state.network.approvalThreshold) : 'the threshold';
  const back = t.powerBackAt ? { kind: 'back', at: millis(t.powerBackAt), label: `${threshold} back` }
    : t.forecastBackAt ? { kind: 'forecast', at: millis(t.forecastBackAt), label: `forecast: ${threshold} back` } : null;
  const times = t.nodes.flatMap((n) => TIMELINE_MARKS.map(([key]) => millis(n.timeline[key])))
    .concat(back ? [back.at] : []).filter(Number.isFinite);
  let from = Math.min(...times);
  let to = Math.max(...times);
  const pad = Math.max((to - from) * 0.04, 1000);
  from -= pad;
  to += pad;
  const left = (ms) => `${((100 * (ms - from)) / (to - from)).toFixed(2)}%`;
  const holding = new Set(t.holdingBack || []);
  const rows = t.nodes.map((n) => h('div', { class: 'tl-row', 'data-node': n.node, 'data-holding-back': holding.has(n.node) ? 'true' : null },
    h('div', { class: 'tl-label' },
      h('strong', {}, n.node),
      h('small', { class: 'muted' }, `${n.host || 'host unknown'} · ${fmt(n.votingPower)} power · ${enumName(n.phase, 'ROLLOUT_PHASE_')}`)),
    h('div', { class: 'tl-track' }, TIMELINE_MARKS.filter(([key]) => n.timeline[key]).map(([key, label]) => h('span', {
      class: `tl-mark tl-${key}`, 'data-mark': label, style: `left:${left(millis(n.timeline[key]))}`,
      title: `${n.node} ${label} at ${clock(millis(n.timeline[key]))}` })))));
  const summary = t.powerBackAt ? `More than the threshold (${threshold}) of the voting power was back at ${clock(back.at)}.`
    : t.forecastBackAt ? `Forecast: ${threshold} of the voting power back at ${clock(back.at)}.`
      : 'No forecast: too little voting power is ready, or the height\'s time is not known yet.';
  const lineAt = back ? (back.at - from) / (to - from) : 0;
  box.replaceChildren(...[
    h('div', { id: 'timeline-summary', class: 'tl-summary', 'data-upgrade': t.upgradeId }, summary),
    h('div', { class: 'tl-grid' }, rows,
      h('div', { class: 'tl-axis' }, h('span', {}, `height ${fmt(t.height)}`),
        h('div', { class: 'tl-ends' }, h('span', {}, clock(from)), h('span', {}, clock(to)))),
      back ? h('div', { class: 'tl-overlay' }, h('div', { class: `tl-line ${back.kind}${lineAt > 0.7 ? ' label-before' : ''}`,
        'data-mark': back.kind, style: `left:${left(back.at)}`,
        title: `${back.label} at ${clock(back.at)}` }, h('span', {}, `${back.kind === 'forecast' ? 'forecast' : 'back'} ${clock(back.at)}`))) : null),
    h('div', { class: 'tl-legend' }, TIMELINE_MARKS.map(([key, label]) => h('span', {}, h('i', { class: `tl-mark tl-${key}` }), label))),
    holding.size ? h('div', { id: 'holding-back', class: 'alert warn' },
      `Holding back: ${[...holding].join(', ')} (not ready, or the slowest the threshold needs).`)
      : null].filter(Boolean));
}

// ---- the calendar: every upcoming upgrade, soonest first, fetched again after each network change ----
const calendarState = { inFlight: false, again: false };

function refreshCalendar() {
  if (calendarState.inFlight) {
    calendarState.again = true;
    return;
  }
  calendarState.inFlight = true;
  fetch('/api/v1/calendar')
    .then((r) => (r.ok ? r.json() : null))
    .then((calendar) => calendar && renderCalendar(calendar))
    .catch(() => {})
    .finally(() => {
      calendarState.inFlight = false;
      if (calendarState.again) {
        calendarState.again = false;
        refreshCalendar();
      }
    });
}

function spanWords(seconds) {
  const s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400), hrs = Math.floor((s % 86400) / 3600), min = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d${hrs ? ` ${hrs} h` : ''}`;
  if (hrs > 0) return `${hrs} h${min ? ` ${min} min` : ''}`;
  return min > 0 ? `${min} min` : `${s} s`;
}

function renderCalendar(calendar) {
  const inConflict = new Set(calendar.conflicts.flatMap((c) => c.upgrades));
  const rows = calendar.entries.map((e) => {
    const key = `${e.chainId}/${e.upgradeId}`;
    const at = e.estimatedAt ? new Date(e.estimatedAt) : null;
    const expected = at ? `${at.toISOString().replace(/\.\d+Z$/, 'Z')} ± ${spanWords(e.uncertaintySeconds)}` : 'unknown';
    const untilSeconds = at ? (at.getTime() - Date.now()) / 1000 : null;
    const when = at ? (untilSeconds >= 0 ? `in ${spanWords(untilSeconds)}` : `${spanWords(untilSeconds)} ago`) : 'block time not measured yet';
    const drift = e.driftSeconds === null || e.driftSeconds === undefined ? '—'
      : `${e.driftSeconds > 0 ? '+' : e.driftSeconds < 0 ? '−' : ''}${spanWords(e.driftSeconds)}`;
    const conflict = inConflict.has(key);
    return h('tr', { 'data-calendar': key, 'data-conflict': conflict ? 'true' : undefined, class: conflict ? 'row-bad' : undefined },
      h('td', {}, e.chainId),
      h('td', { class: 'mono' }, e.upgradeId, e.origin === 'ANNOUNCED_BY_CHAIN' ? h('small', { class: 'muted' }, ' · by the chain') : null),
      h('td', { class: 'num' }, fmt(e.height)),
      h('td', { class: 'mono', 'data-estimated': e.estimatedAt || '' }, expected),
      h('td', {}, when),
      h('td', { 'data-drift': e.driftSeconds ?? '' }, drift),
      h('td', { class: 'share' },
        tallyBar({ approving: e.readyPower, total: e.totalPower, threshold: e.threshold, label: 'ready voting power' }),
        h('small', {}, `${fmt(e.readyPower)} / ${fmt(e.totalPower)} · needs ${fmt(e.requiredPower)}`)));
  });
  replace(byId('calendar'), rows, h('tr', { class: 'empty' }, h('td', { colspan: 7 }, 'No upcoming upgrade.')));
  byId('calendar-conflicts').replaceChildren(...calendar.conflicts.map((c) => h('div', { class: 'alert bad', 'data-host': c.host },
    h('strong', {}, `Host ${c.host}: `),
    `${c.upgrades.join(' and ')} are expected within ${spanWords(calendar.conflictWindowSeconds)} of each other `,
    `(nodes ${c.nodes.join(', ')}); they will compete for its disk and CPU.`)));
}

// ---- the live stream ----
function setConnection(kind, label) {
  const el = byId('connection');
  el.dataset.state = kind;
  el.querySelector('.label').textContent = label;
}

// ---- the network shown: a picker when the aggregator serves more than one (?chain= in the page's address) ----
let events = null;

async function pickChain() {
  const chains = await fetch('/api/v1/networks').then((r) => r.json()).then((b) => b.chains || []).catch(() => []);
  if (chains.length < 2) return '';
  const wanted = new URLSearchParams(location.search).get('chain');
  const chain = chains.includes(wanted) ? wanted : chains[0];
  const picker = byId('chain-picker');
  replace(picker, chains.map((c) => h('option', { value: c, selected: c === chain }, c)));
  picker.hidden = false;
  byId('chain-id').hidden = true;
  picker.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('chain', picker.value);
    history.replaceState(null, '', url);
    connect(picker.value);
  });
  return chain;
}

function connect(chain) {
  if (events) events.close();
  state.network = null;
  state.proposals.clear();
  state.agents.clear();
  state.chain = chain;
  events = new EventSource(chain ? `/api/v1/events?chain=${encodeURIComponent(chain)}` : '/api/v1/events');
  events.onopen = () => setConnection('live', 'Live');
  events.onerror = () => setConnection('down', events.readyState === EventSource.CLOSED ? 'Disconnected' : 'Reconnecting…');
  events.addEventListener('network', (e) => {
    state.network = JSON.parse(e.data);
    renderNetwork();
    renderRecoveries();
    renderUpgrades();
    renderNodes();
    renderTimelineChoice();
    refreshTimelines();
    refreshCalendar();
    renderProposals(); // after a switch of network: the previous network's proposals are gone
  });
  events.addEventListener('proposal', (e) => {
    const p = JSON.parse(e.data);
    state.proposals.set(p.proposalId, p);
    renderProposals();
  });
  events.addEventListener('agent', (e) => {
    const a = JSON.parse(e.data);
    state.agents.set(a.node, a);
    renderNodes();
    refreshTimelines();
  });
}

byId('timeline-upgrade').addEventListener('change', (e) => {
  state.timelineUpgrade = e.target.value;
  refreshTimelines();
});
pickChain().then(connect);
