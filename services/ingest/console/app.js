// SAFE Screen risk console. Plain ES module, no dependencies. All filer-supplied text is rendered
// with textContent (through h()), never as HTML, so a goods description cannot run script.

/** Creates an element; string/number children become text nodes. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const svg = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
};

const main = document.getElementById('main');
const state = { me: null, queue: [], selected: 0, filters: {}, page: {} };

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'x-safe-console': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return {};
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== '/v1/sessions') { showLogin(); throw new Error('signed out'); }
  if (!response.ok) throw Object.assign(new Error(data.message ?? `HTTP ${response.status}`), { code: data.code, status: response.status });
  return data;
}

function toast(text, error = false) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.className = `show${error ? ' error' : ''}`;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.className = ''; }, 4000);
}

const fmtDate = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + 'Z' : '—');
function timeLeft(iso) {
  if (!iso) return '—';
  const ms = new Date(iso).getTime() - Date.now();
  const hours = Math.round(Math.abs(ms) / 3600_000);
  const text = hours >= 48 ? `${Math.round(hours / 24)} d` : `${hours} h`;
  return ms < 0 ? `${text} overdue` : text;
}
const lane = (l) => (l ? h('span', { class: `lane lane-${l}` }, l) : '—');
const words = (s) => (s ? String(s).replace(/_/g, ' ') : '—');

function setView(...nodes) {
  main.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));
}

// ---------- sign-in ----------
function showLogin(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('who').replaceChildren();
  const error = h('p', { class: 'error', role: 'alert' }, message ?? '');
  const name = h('input', { id: 'login-name', autocomplete: 'username', required: true });
  const password = h('input', { id: 'login-password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'login', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const result = await api('POST', '/v1/sessions', { name: name.value, password: password.value });
      state.me = result.principal;
      startApp();
    } catch (err) {
      error.textContent = err.message;
    }
  } }, h('h1', {}, 'Sign in'), h('label', {}, 'Name', name), h('label', {}, 'Password', password), h('button', { class: 'primary', type: 'submit' }, 'Sign in'), error);
  setView(form);
  name.focus();
}

function startApp() {
  document.getElementById('nav').hidden = false;
  document.getElementById('who').replaceChildren(
    h('span', {}, `${state.me.name} (${state.me.role})`),
    h('button', { id: 'sign-out', onclick: async () => { await api('DELETE', '/v1/sessions/current'); state.me = null; showLogin(); } }, 'Sign out'),
  );
  if (!location.hash || location.hash === '#/') location.hash = '#/queue';
  else route();
}

// ---------- reason dialog ----------
/** Asks for a reason (and optional extra fields); resolves with { reason, ...extra } or null. */
function askReason(title, extraFields = []) {
  const dialog = document.getElementById('reason-dialog');
  document.getElementById('reason-title').textContent = title;
  const extra = document.getElementById('reason-extra');
  extra.replaceChildren(...extraFields.map((f) => f.node));
  const text = document.getElementById('reason-text');
  text.value = '';
  dialog.showModal();
  (extraFields[0]?.focus ?? text).focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'ok' || text.value.trim().length < 3) return resolve(null);
      const values = { reason: text.value.trim() };
      for (const f of extraFields) values[f.name] = f.value();
      resolve(values);
    }, { once: true });
  });
}

// ---------- queue ----------
const FILTERS = [
  ['lane', 'Lane', ['', 'red', 'yellow', 'green']],
  ['outcome', 'Outcome', ['', 'do_not_load', 'outbound_inspection', 'screening_request', 'request_for_information', 'incomplete']],
  ['holdStatus', 'Status', ['', 'open', 'held', 'inspection_requested', 'do_not_load']],
  ['assigned', 'Assigned', ['', 'me', 'unassigned']],
  ['port', 'Port (UN/LOCODE)'],
  ['conveyance', 'Vessel call / flight'],
  ['exportCountry', 'Export country'],
  ['rule', 'Rule id'],
];

const PAGE_SIZE = 50;
const ACTIONS_SHORT = { release: 'release', 'confirm-hold': 'confirm', 'request-inspection': 'inspect', 'do-not-load': 'DNL', 'request-information': 'RFI', 'inspection-result': 'result' };

async function showQueue() {
  // The page is a cursor (state.page.after or .before) from the previous answer: the server walks its index from there.
  const params = new URLSearchParams([...Object.entries(state.filters).filter(([, v]) => v), ...Object.entries(state.page).filter(([, v]) => v), ['limit', String(PAGE_SIZE)]]);
  const search = h('input', { id: 'queue-search', name: 'q', type: 'search', value: state.filters.q ?? '', size: 28, placeholder: 'MRN, LRN, B/L, container, party, vessel/IMO' });
  const form = h('form', { class: 'filters', id: 'filters', onsubmit: (e) => {
    e.preventDefault();
    state.filters = Object.fromEntries(new FormData(form).entries());
    state.page = {};
    state.selected = 0;
    showQueue();
  } }, h('label', { class: 'search' }, 'Search', search), FILTERS.map(([key, label, options]) => h('label', {}, label, options
    ? h('select', { name: key }, options.map((o) => h('option', { value: o, selected: state.filters[key] === o }, o === '' ? 'any' : words(o))))
    : h('input', { name: key, value: state.filters[key] ?? '', size: 10 }))), h('button', { type: 'submit' }, 'Filter'));
  const started = performance.now();
  const data = await api('GET', `/v1/cases?${params}`);
  state.queue = data.items;
  if (state.selected >= state.queue.length) state.selected = 0;
  const rows = state.queue.map((item, i) => h('tr', { 'data-index': i, class: i === state.selected ? 'selected' : '', onclick: () => openCase(item.consignmentId) },
    h('td', {}, lane(item.lane)),
    h('td', { class: item.loadingAt && new Date(item.loadingAt).getTime() < Date.now() ? 'late' : '', title: item.loadingAt ? `loading ${fmtDate(item.loadingAt)}` : 'no loading time filed' }, timeLeft(item.loadingAt)),
    h('td', {}, item.score === null ? '—' : Math.round(item.score)),
    h('td', { class: 'status' }, words(item.holdStatus), item.pendingApproval ? ' · approval pending' : ''),
    h('td', {}, `${item.mrn} / ${item.sequence}`),
    h('td', {}, item.transportDocumentNumber ?? ''),
    h('td', {}, item.conveyanceRef ?? ''),
    h('td', {}, item.exportCountry ?? '', item.placeOfLoading ? ` (${item.placeOfLoading})` : ''),
    h('td', {}, item.assignedToName ?? ''),
    h('td', { class: 'rules' }, item.rules.slice(0, 4).map((r) => h('code', {}, r)), item.rules.length > 4 ? ` +${item.rules.length - 4}` : ''),
    h('td', { class: 'allowed muted' }, item.allowedActions.map((a) => ACTIONS_SHORT[a] ?? a).join(' · ')),
    h('td', {}, item.summary ?? '')));
  const table = h('table', { id: 'queue' },
    h('thead', {}, h('tr', {}, ['Lane', 'Time to loading', 'Score', 'Status', 'MRN / house', 'Document', 'Conveyance', 'Export', 'Assigned', 'Rules fired', 'Can do', 'Why'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows));
  const count = data.totalIsLowerBound ? `${data.total.toLocaleString('en')}+` : String(data.total);
  const go = (page) => { state.page = page; state.selected = 0; showQueue(); };
  const pager = h('nav', { class: 'pager', id: 'pager', 'aria-label': 'Queue pages' },
    h('button', { id: 'page-prev', type: 'button', disabled: data.previous === null, onclick: () => go({ before: data.previous }) }, '← Previous'),
    h('button', { id: 'page-next', type: 'button', disabled: data.next === null, onclick: () => go({ after: data.next }) }, 'Next →'),
    h('span', { class: 'muted' }, `${state.queue.length} of ${count} shown${data.truncated ? ' (search matched too many: narrow it)' : ''}`));
  setView(
    h('h1', {}, state.filters.q ? `Holds matching "${state.filters.q}" (${count})` : `Holds (${count})`),
    form,
    h('p', { class: 'muted' }, `j/k move · Enter open · c claim · / search · n/p next/previous page — loaded in ${Math.round(performance.now() - started)} ms`),
    state.queue.length === 0 ? h('p', {}, 'No holds match.') : table,
    pager,
  );
}

function moveSelection(delta) {
  const rows = document.querySelectorAll('#queue tbody tr');
  if (rows.length === 0) return;
  rows[state.selected]?.classList.remove('selected');
  state.selected = Math.max(0, Math.min(rows.length - 1, state.selected + delta));
  rows[state.selected].classList.add('selected');
  rows[state.selected].scrollIntoView({ block: 'nearest' });
}

async function claim(id) {
  try {
    await api('POST', `/v1/cases/${id}/claim`, { reason: 'claimed from the queue' });
    toast('Case claimed');
    route();
  } catch (err) { toast(err.message, true); }
}

const openCase = (id) => { location.hash = `#/case/${id}`; };

// ---------- case ----------
function panel(title, ...content) {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...content);
}
function dl(pairs) {
  return h('dl', {}, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
function party(p) {
  return h('div', { class: 'party' }, h('strong', {}, words(p.role)), ': ', p.name ?? '(no name)', p.identifier ? ` · ${p.identifier}` : '', p.aeoCertificate ? ` · AEO ${p.aeoCertificate}` : '',
    p.address ? h('div', { class: 'muted' }, [p.address.street, p.address.city, p.address.postcode, p.address.country].filter(Boolean).join(', ')) : '');
}

function hitView(hit, c) {
  const evidence = (hit.evidence ?? []).map((e) => h('div', { class: 'evidence' }, `${e.field} = "${e.value}"`, e.note ? ` — ${e.note}` : '', e.location ? ` @ ${e.location}` : ''));
  const body = [h('div', {}, h('span', { class: 'weight' }, `${hit.weight > 0 ? '+' : ''}${hit.weight}`), h('strong', {}, hit.ruleId), ' ', h('span', { class: 'muted' }, `(${hit.source}, ${hit.category})`)), h('div', {}, hit.description), ...evidence];
  if (hit.source === 'sanctions') {
    const e = hit.listEntry;
    body.push(h('div', { class: 'side' },
      h('div', {}, h('strong', {}, 'Filed party'), dl([['Name', hit.evidence?.[0]?.value], ['Field', hit.evidence?.[0]?.field]])),
      h('div', {}, h('strong', {}, 'List entry'), e ? dl([['Name', e.primaryName], ['List', `${e.source} ${e.id}`], ['Type', e.type], ['Countries', e.countries.join(', ')], ['Born', e.birthDates.join(', ')], ['IMO', e.imo], ['Programmes', e.programs.join(', ')], ['Edition', e.edition]]) : h('p', { class: 'muted' }, 'entry not in the active list editions'))));
    if (hit.dismissed) body.push(h('p', { class: 'muted' }, 'Dismissed as a false positive; the next assessment will skip it.'));
    else body.push(h('button', { onclick: () => action(c, 'dismiss-sanctions', `Dismiss ${hit.ruleId} as a false positive`, [], { ruleId: hit.ruleId }) }, 'Dismiss as false positive'));
  }
  return h('div', { class: `hit hit-${hit.source}` }, body);
}

function routeLine(c) {
  const stops = [
    c.consignment.placeOfAcceptance && ['acceptance', c.consignment.placeOfAcceptance],
    c.consignment.placeOfLoading && ['loading', c.consignment.placeOfLoading],
    ...(c.conveyance.itinerary ?? []).map((p) => ['call', p]),
    c.consignment.placeOfUnloading && ['unloading', c.consignment.placeOfUnloading],
    c.consignment.placeOfDelivery && ['delivery', c.consignment.placeOfDelivery],
  ].filter(Boolean);
  const line = h('div', { class: 'route' });
  stops.forEach(([kind, place], i) => {
    if (i > 0) line.append(h('span', { class: 'arrow' }, '→'));
    line.append(h('span', { class: 'stop', title: kind }, place.unlocode ?? place.name ?? place.country ?? '?', ' ', h('small', { class: 'muted' }, kind)));
  });
  return h('div', {}, line, h('p', { class: 'muted' }, `Countries of routing: ${(c.consignment.routingCountries ?? []).join(' → ') || '—'}`));
}

const METHODS = ['documentary', 'xray', 'physical', 'radiation', 'sampling'];

async function action(c, path, title, fields = [], fixed = {}) {
  const values = await askReason(title, fields);
  if (values === null) return;
  try {
    const result = await api('POST', `/v1/cases/${c.consignmentId}/${path}`, { ...values, ...fixed });
    toast(result.approval ? 'Release requested: waiting for a second officer' : `Done: ${words(result.holdStatus ?? result.action ?? 'recorded')}`);
    showCase(c.consignmentId);
  } catch (err) { toast(err.message, true); }
}

function methodsField() {
  const boxes = METHODS.map((m) => h('input', { type: 'checkbox', value: m, checked: m === 'xray' }));
  return { name: 'methods', node: h('fieldset', {}, h('legend', {}, 'Methods'), boxes.map((b) => h('label', { class: 'inline' }, b, b.value))), value: () => boxes.filter((b) => b.checked).map((b) => b.value), focus: boxes[0] };
}
function textField(name, label) {
  const input = h('textarea', { rows: 2 });
  return { name, node: h('label', {}, label, input), value: () => input.value, focus: input };
}
function selectField(name, label, options) {
  const select = h('select', {}, options.map(([v, t]) => h('option', { value: v }, t)));
  return { name, node: h('label', {}, label, select), value: () => select.value, focus: select };
}

async function decideApproval(approvalId, approve, after) {
  const values = await askReason(approve ? 'Approve the release (four eyes)' : 'Reject the release');
  if (values === null) return;
  try {
    await api('POST', `/v1/approvals/${approvalId}/${approve ? 'approve' : 'reject'}`, values);
    toast(approve ? 'Release approved' : 'Release rejected');
    after();
  } catch (err) { toast(err.message, true); }
}

async function showCase(id) {
  const c = await api('GET', `/v1/cases/${id}`);
  state.current = c;
  const pending = c.approvals.filter((a) => a.status === 'pending');
  const openRequests = c.inspectionRequests.filter((r) => r.result === null);
  // Only the actions the lifecycle allows in this state (the server asks it: allowedActions).
  const may = (name) => c.allowedActions.includes(name);
  const actions = h('div', { class: 'actions', id: 'actions' },
    c.allowedActions.length > 0 ? h('button', { id: 'act-claim', onclick: () => claim(c.consignmentId) }, c.assignedTo === state.me.id ? 'Claimed by you' : 'Claim (c)') : null,
    !may('release') ? null : h('button', { id: 'act-release', class: 'primary', onclick: () => action(c, 'release', c.fourEyes ? 'Request release (needs a second officer)' : 'Release') }, c.fourEyes ? 'Request release' : 'Release'),
    !may('confirm-hold') ? null : h('button', { id: 'act-confirm', onclick: () => action(c, 'confirm-hold', 'Confirm the hold') }, 'Confirm hold'),
    !may('request-inspection') ? null : h('button', { id: 'act-inspect', onclick: () => action(c, 'request-inspection', 'Request outbound inspection', [methodsField()]) }, 'Request inspection'),
    !may('do-not-load') ? null : h('button', { id: 'act-dnl', class: 'danger', onclick: () => action(c, 'do-not-load', 'Issue Do Not Load') }, 'Do Not Load'),
    !may('request-information') ? null : h('button', { id: 'act-rfi', onclick: () => action(c, 'request-information', 'Request information from the filer', [textField('question', 'Question for the filer')]) }, 'Request information'),
    may('inspection-result') && openRequests.length > 0 ? h('button', { id: 'act-result', onclick: () => action(c, 'inspection-result', 'Record the inspection result', [selectField('outcome', 'Outcome', [['negative', 'No find'], ['positive', 'Find']]), textField('findings', 'Findings')], { requestId: openRequests[0].id }) }, 'Record inspection result') : null,
  );
  const rules = c.hits.filter((x) => x.source !== 'aeo');
  const aeo = c.hits.filter((x) => x.source === 'aeo');
  setView(
    h('p', {}, h('a', { href: '#/queue' }, '← Queue (u)')),
    h('h1', {}, lane(c.lane), ` ${c.mrn} / house ${c.sequence} — `, h('span', { id: 'hold-status' }, words(c.holdStatus)), c.controlGroup ? ' · random control' : ''),
    h('p', { class: 'summary', id: 'explanation' }, c.summary ?? 'Not assessed yet'),
    h('p', { class: 'muted' }, `Score ${c.score ?? '—'} · loading ${fmtDate(c.loadingAt)} (${timeLeft(c.loadingAt)} left) · assigned ${c.assignedToName ?? 'nobody'} · rule set ${c.ruleSetVersion ?? '—'}`),
    actions,
    pending.length > 0 ? h('section', { class: 'panel', id: 'pending-approvals' }, h('h2', {}, 'Waiting for a second officer'), pending.map((a) => h('div', {},
      `${words(a.action)} requested by ${a.requestedByName}: "${a.reason}" `,
      a.requestedBy === state.me.id ? h('span', { class: 'muted' }, '(your request: another officer must decide)') : [
        h('button', { class: 'primary approve', onclick: () => decideApproval(a.id, true, () => showCase(id)) }, 'Approve'), ' ',
        h('button', { onclick: () => decideApproval(a.id, false, () => showCase(id)) }, 'Reject')]))) : null,
    h('div', { class: 'grid' },
      h('section', { class: 'panel wide', id: 'hits' }, h('h2', {}, `Why: ${rules.length} hit${rules.length === 1 ? '' : 's'}`), rules.length === 0 ? h('p', { class: 'muted' }, 'No rule fired.') : rules.map((x) => hitView(x, c))),
      panel('AEO status and treatment', aeo.length === 0 ? h('p', { class: 'muted' }, 'No AEO treatment applied.') : aeo.map((x) => hitView(x, c))),
      panel('Parties', [...c.consignment.parties, ...c.filingParties].map(party)),
      panel('Route', routeLine(c), dl([['Mode', c.conveyance.mode], ['Conveyance', c.conveyance.name], ['Identifier', c.conveyance.identifier], ['Voyage / flight', c.conveyance.reference ? h('a', { href: `#/conveyance/${encodeURIComponent(c.conveyance.reference)}` }, c.conveyance.reference) : null], ['Loading', fmtDate(c.conveyance.expectedLoadingAt)], ['Departure', fmtDate(c.conveyance.expectedDepartureAt)], ['Arrival', fmtDate(c.conveyance.expectedArrivalAt)]])),
      h('section', { class: 'panel wide', id: 'goods' }, h('h2', {}, 'Goods'), h('table', {}, h('thead', {}, h('tr', {}, ['#', 'Description', 'HS', 'Gross kg', 'Packages', 'Origin', 'Containers'].map((t) => h('th', {}, t)))),
        h('tbody', {}, c.consignment.goods.map((g) => h('tr', {}, h('td', {}, g.itemNumber), h('td', { class: 'goods-description' }, g.description), h('td', {}, g.commodityCode ?? ''), h('td', {}, g.grossMassKg ?? ''), h('td', {}, g.packages.map((p) => `${p.count ?? ''} ${p.kind ?? ''}`).join(', ')), h('td', {}, g.originCountry ?? ''), h('td', {}, g.containerNumbers.join(', '))))))),
      panel('Containers and seals', c.consignment.equipment.length === 0 ? h('p', { class: 'muted' }, 'Not containerised') : h('table', {}, h('tbody', {}, c.consignment.equipment.map((e) => h('tr', {}, h('td', {}, e.containerNumber), h('td', {}, e.sizeType ?? ''), h('td', {}, e.packedStatus ?? ''), h('td', {}, `seals: ${e.seals.join(', ') || 'none'}`)))))),
      panel('Filing versions', c.versions.map((v) => h('div', {}, h('strong', {}, `v${v.version}`), ` received ${fmtDate(v.receivedAt)}`, v.changes.length === 0 ? '' : h('ul', {}, v.changes.slice(0, 50).map((ch) => h('li', {}, `${ch.path}: `, h('span', { class: 'diff-before' }, ch.before ?? '∅'), ' → ', h('span', { class: 'diff-after' }, ch.after ?? '∅')))))),
        h('p', {}, h('a', { href: c.raw.href, download: `${c.mrn}.xml`, id: 'raw-download' }, 'Download the raw filing'), h('span', { class: 'muted' }, ` sha256 ${c.raw.sha256.slice(0, 16)}…`))),
      panel('Inspection requests and results', c.inspectionRequests.length === 0 ? h('p', { class: 'muted' }, 'None') : c.inspectionRequests.map((r) => h('div', {}, `${r.exportCountry} · ${words(r.status)} · ${r.methods.join(', ')} · deadline ${fmtDate(r.deadline)}`, r.result ? h('div', { class: 'muted' }, `Result: ${r.result.outcome ?? JSON.stringify(r.result)}${r.result.findings ? ` — ${r.result.findings}` : ''}`) : ''))),
      panel('Assessments', c.assessments.map((a) => h('div', {}, `${fmtDate(a.at)} v${a.filingVersion}: `, lane(a.lane), ` ${words(a.outcome)} (${a.score})`))),
      h('section', { class: 'panel wide', id: 'history' }, h('h2', {}, 'History (audit log)'), h('table', {}, h('tbody', {}, c.history.map((e) => h('tr', {}, h('td', {}, fmtDate(e.at)), h('td', {}, e.actorName), h('td', { class: 'audit-action' }, e.action), h('td', {}, e.reason ?? ''), h('td', { class: 'muted' }, e.details && e.details.from ? `${words(e.details.from)} → ${words(e.details.to)}` : '')))))),
    ),
  );
}

// ---------- approvals, conveyance, performance ----------
async function showApprovals() {
  const data = await api('GET', '/v1/approvals');
  setView(h('h1', {}, `Four-eyes approvals (${data.items.length})`), data.items.length === 0 ? h('p', {}, 'Nothing waiting.') : h('table', { id: 'approvals' },
    h('thead', {}, h('tr', {}, ['Consignment', 'Lane', 'Status', 'Requested by', 'Reason', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, data.items.map((a) => h('tr', {}, h('td', {}, h('a', { href: `#/case/${a.consignmentId}` }, `${a.mrn} / ${a.sequence}`)), h('td', {}, lane(a.lane)), h('td', {}, words(a.holdStatus)), h('td', {}, a.requestedByName), h('td', {}, a.reason),
      h('td', {}, a.allowedActions.length === 0 ? h('span', { class: 'muted' }, a.requestedBy === state.me.id ? 'yours: another officer decides' : '') : [
        h('button', { class: 'primary approve', onclick: () => decideApproval(a.id, true, showApprovals) }, 'Approve'), ' ',
        h('button', { class: 'reject', onclick: () => decideApproval(a.id, false, showApprovals) }, 'Reject')]))))));
}

async function showConveyance(ref) {
  const data = await api('GET', `/v1/conveyances/${encodeURIComponent(ref)}`);
  setView(h('h1', {}, `Conveyance ${ref}: ${data.consignments.length} consignments`),
    h('p', {}, Object.entries(data.counts).map(([k, n]) => `${words(k)}: ${n}`).join(' · ')),
    h('table', {}, h('thead', {}, h('tr', {}, ['MRN / house', 'Document', 'Export', 'Lane', 'Outcome', 'Status'].map((t) => h('th', {}, t)))),
      h('tbody', {}, data.consignments.map((r) => h('tr', { onclick: () => openCase(r.consignmentId) }, h('td', {}, `${r.mrn} / ${r.sequence}`), h('td', {}, r.transportDocumentNumber ?? ''), h('td', {}, r.exportCountry ?? ''), h('td', {}, lane(r.lane)), h('td', {}, words(r.outcome)), h('td', { class: 'status' }, words(r.holdStatus)))))));
}

/**
 * Horizontal bars in a viewBox that scales to its panel's width (never wider); labels are cut to
 * fit their column and values sit inside the reserved right margin, however many rows or digits.
 * Past 40 rows the smallest ones are summed into "other" so the chart stays readable.
 */
function barChart(title, input, { barClass = () => 'bar', format = (v) => String(v) } = {}) {
  const MAX_ROWS = 40;
  let rows = input;
  if (rows.length > MAX_ROWS) {
    const kept = [...rows].sort((a, b) => b.value - a.value).slice(0, MAX_ROWS - 1);
    const keep = new Set(kept);
    rows = [...rows.filter((r) => keep.has(r)), { label: `other (${input.length - kept.length})`, value: input.filter((r) => !keep.has(r)).reduce((s, r) => s + r.value, 0) }];
  }
  const width = 520;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowH = 20;
  const labelW = 150;
  const valueW = Math.min(160, 12 + 7 * Math.max(1, ...rows.map((r) => format(r.value).length)));
  const barW = width - labelW - valueW;
  const cut = (t) => (String(t).length > 22 ? `${String(t).slice(0, 21)}…` : String(t));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${rows.length * rowH + 6}`, width: '100%', preserveAspectRatio: 'xMinYMin meet', class: 'chart', role: 'img', 'aria-label': title },
    rows.map((r, i) => [
      svg('text', { x: 0, y: i * rowH + 14 }, svg('title', {}, r.label), cut(r.label)),
      svg('rect', { x: labelW, y: i * rowH + 3, width: Math.max(1, (barW * r.value) / max), height: rowH - 6, class: barClass(r) }),
      svg('text', { x: labelW + (barW * r.value) / max + 4, y: i * rowH + 14 }, format(r.value)),
    ]));
  return panel(title, rows.length === 0 ? h('p', { class: 'muted' }, 'No data yet') : chart);
}

async function showPerformance() {
  const p = await api('GET', '/v1/performance?days=30');
  const pct = (v) => (v === null ? '—' : `${Math.round(v * 100)}%`);
  const laneTotal = p.lanes.reduce((s, l) => s + l.count, 0);
  setView(h('h1', {}, 'Performance (SAFE measures, last 30 days)'),
    h('p', { class: 'muted' }, `Time from filing to decision: median ${p.decisionSeconds.p50?.toFixed(1) ?? '—'} s, 90th percentile ${p.decisionSeconds.p90?.toFixed(1) ?? '—'} s over ${p.decisionSeconds.count} consignments`),
    h('div', { class: 'grid' },
      barChart('Filings per day', p.filingsPerDay.map((d) => ({ label: d.day, value: d.count }))),
      barChart('Consignments per day', p.consignmentsPerDay.map((d) => ({ label: d.day, value: d.count }))),
      barChart('Share of each lane', p.lanes.map((l) => ({ label: l.lane, value: l.count })), { barClass: (r) => `bar-${r.label}`, format: (v) => `${v} (${pct(laneTotal === 0 ? null : v / laneTotal)})` }),
      barChart('Outcomes', p.outcomes.map((o) => ({ label: words(o.outcome), value: o.count }))),
      barChart('Inspection outcomes', p.inspections.map((o) => ({ label: o.outcome, value: o.count }))),
      panel('Random control group beside targeted selection', h('table', {}, h('thead', {}, h('tr', {}, ['Selection', 'Inspected', 'Finds', 'Hit rate'].map((t) => h('th', {}, t)))), h('tbody', {}, p.selection.map((s) => h('tr', {}, h('td', {}, s.group), h('td', {}, s.inspected), h('td', {}, s.positive), h('td', {}, pct(s.hitRate))))))),
      h('section', { class: 'panel wide' }, h('h2', {}, 'Hit rate per rule'), h('table', {}, h('thead', {}, h('tr', {}, ['Rule', 'Fired', 'Inspected', 'Finds', 'Hit rate'].map((t) => h('th', {}, t)))), h('tbody', {}, p.rules.map((r) => h('tr', {}, h('td', {}, h('a', { href: '#/queue', onclick: () => { state.filters = { rule: r.ruleId }; } }, r.ruleId)), h('td', {}, r.fired), h('td', {}, r.inspected), h('td', {}, r.positive), h('td', {}, pct(r.hitRate)))))))),
  );
}

// ---------- routing and keys ----------
async function route() {
  if (state.me === null) return;
  const [, view, arg] = location.hash.split('/');
  try {
    if (view === 'case' && arg) await showCase(decodeURIComponent(arg));
    else if (view === 'approvals') await showApprovals();
    else if (view === 'performance') await showPerformance();
    else if (view === 'conveyance' && arg) await showConveyance(decodeURIComponent(arg));
    else await showQueue();
    main.focus({ preventScroll: true });
  } catch (err) {
    if (err.message !== 'signed out') setView(h('p', { class: 'error' }, err.message));
  }
}

window.addEventListener('hashchange', route);
document.addEventListener('keydown', (e) => {
  if (state.me === null || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement || document.querySelector('dialog[open]')) return;
  const inQueue = document.getElementById('queue') !== null;
  if (e.key === 'j' && inQueue) moveSelection(1);
  else if (e.key === 'k' && inQueue) moveSelection(-1);
  else if (e.key === 'Enter' && inQueue && state.queue[state.selected]) openCase(state.queue[state.selected].consignmentId);
  else if (e.key === 'c' && inQueue && state.queue[state.selected]) claim(state.queue[state.selected].consignmentId);
  else if (e.key === 'c' && state.current && location.hash.startsWith('#/case/')) claim(state.current.consignmentId);
  else if (e.key === 'n' && inQueue) document.getElementById('page-next')?.click();
  else if (e.key === 'p' && inQueue) document.getElementById('page-prev')?.click();
  else if (e.key === 'u' || e.key === 'q') location.hash = '#/queue';
  else if (e.key === '/' && inQueue) { e.preventDefault(); document.getElementById('queue-search')?.focus(); }
  else return;
  e.preventDefault();
});
document.getElementById('conveyance-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const ref = document.getElementById('conveyance-input').value.trim();
  if (ref) location.hash = `#/conveyance/${encodeURIComponent(ref)}`;
});

(async () => {
  try {
    const me = await fetch('/v1/sessions/current', { credentials: 'same-origin' });
    if (me.status !== 200) return showLogin();
    state.me = (await me.json()).principal;
    startApp();
  } catch {
    showLogin('The service is not reachable.');
  }
})();
