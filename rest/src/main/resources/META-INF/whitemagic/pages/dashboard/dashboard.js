// WhiteMagic Cloud dashboard: a key owner's view of their account, usage, keys and memories.
//
// Rules this file keeps, because the page runs under a strict Content-Security-Policy and handles
// a secret:
// - The API key lives in this tab's sessionStorage only and travels as an Authorization header;
//   never in a URL, a cookie, localStorage or the console.
// - Data from the API (titles, contents, names, tags) is user data: it reaches the page through
//   textContent and DOM nodes only, never through innerHTML.
// - No inline styles or handlers: everything visual is a CSS class, every handler is bound here.

const API = '/api/v1';
const STORAGE_KEY = 'wm.apiKey';
const SCOPES = ['memories:read', 'memories:write', 'keys:manage', 'usage:read'];
const USAGE_DAYS = 30;
const PAGE_SIZE = 20;
const SVG_NS = 'http://www.w3.org/2000/svg';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const $ = (id) => document.getElementById(id);

const state = {
  signedIn: false,
  // Bumped on every sign-in and sign-out, so that answers to requests sent for an earlier
  // session are dropped instead of being drawn into the new one.
  generation: 0,
  tasks: 0,
  self: null,
  me: null,
  keys: [],
  mem: {
    view: 'list', // 'list' or 'search'
    status: 'active',
    query: '',
    mode: 'hybrid',
    includeArchived: false,
    cursor: null,
    items: new Map(), // id -> {memory, hit}
    order: [], // ids in display order
  },
  detail: null,
  detailOpenerId: null,
  // Kept only if sessionStorage is unavailable (e.g. disabled by policy): then a reload signs out.
  fallbackKey: null,
};

// ---------------------------------------------------------------------------------------------
// Key storage

function readKey() {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY) || state.fallbackKey;
  } catch {
    return state.fallbackKey;
  }
}

function storeKey(key) {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, key);
    state.fallbackKey = null;
  } catch {
    state.fallbackKey = key;
  }
}

function forgetKey() {
  state.fallbackKey = null;
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored then.
  }
}

// ---------------------------------------------------------------------------------------------
// API access

class ApiError extends Error {
  constructor(status, problem, retryAfter, requestId) {
    super((problem && (problem.detail || problem.title)) || (status ? `HTTP ${status}` : 'network error'));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem || {};
    this.code = this.problem.code || null;
    this.retryAfter = retryAfter;
    this.requestId = this.problem.request_id || requestId || null;
  }
}

// Thrown for an answer that belongs to an earlier session; callers ignore it.
class StaleAnswer extends Error {}

function parseRetryAfter(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * One call to the API. `key` overrides the stored key (used to check a key before keeping it).
 * Resolves to the parsed JSON body (null for 204); rejects with an ApiError.
 */
async function request(method, path, { body, key } = {}) {
  const generation = state.generation;
  const apiKey = key ?? readKey();
  const headers = { Accept: 'application/json, application/problem+json' };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  const init = {
    method,
    headers,
    cache: 'no-store',
    credentials: 'omit', // the key is the only credential; no cookies are involved
    redirect: 'error',
    referrerPolicy: 'no-referrer',
  };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(API + path, init);
  } catch {
    if (generation !== state.generation) throw new StaleAnswer();
    throw new ApiError(0, { code: 'network_error' }, null, null);
  }
  if (generation !== state.generation) throw new StaleAnswer();
  const requestId = response.headers.get('X-Request-ID');
  let data = null;
  if (response.status !== 204) {
    const text = await response.text().catch(() => '');
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
  }
  if (generation !== state.generation) throw new StaleAnswer();
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : { status: response.status };
    throw new ApiError(response.status, problem, parseRetryAfter(response.headers.get('Retry-After')), requestId);
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// Messages and busy state

function say(text, kind = 'info', requestId = null) {
  $('message-box').className = text ? `message-box is-${kind}` : 'message-box is-empty';
  $('message').textContent = text || '';
  $('message-dismiss').hidden = !text;
  const rid = $('message-request-id');
  if (requestId && text) {
    rid.textContent = `Request id: ${requestId}`;
    rid.hidden = false;
  } else {
    rid.textContent = '';
    rid.hidden = true;
  }
}

function clearMessage() {
  say('');
}

function sentence(text) {
  if (!text) return '';
  const trimmed = String(text).trim();
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** Like sentence(), for text that follows a colon: the server's wording keeps its case. */
function clause(text) {
  if (!text) return '';
  const trimmed = String(text).trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A plain-language message for a failed call; `action` says what was tried ("create a key"). */
function describeError(err, action) {
  if (!(err instanceof ApiError)) {
    return `Something went wrong in the page while trying to ${action}. Reload the page and try again.`;
  }
  const detail = err.problem.detail;
  switch (err.status) {
    case 0:
      return `The service could not be reached to ${action}. Check your network connection and try again.`;
    case 401:
      return 'This key is no longer accepted: it was revoked, has expired or is unknown. Sign in again with a valid key.';
    case 403:
      if (err.code === 'insufficient_scope') {
        return `This key lacks the scope to ${action}: ${clause(detail) || 'the operation needs a scope this key does not have.'}`;
      }
      if (err.code === 'quota_exceeded') {
        return `Your plan's limit was reached: ${clause(detail) || 'upgrade the plan or remove something first.'}`;
      }
      return `Not allowed to ${action}: ${clause(detail) || 'this key may not do that.'}`;
    case 404:
      return `Could not ${action}: ${clause(detail) || 'it was not found; it may have been removed meanwhile.'}`;
    case 409:
      return `Could not ${action}: ${clause(detail) || 'it changed meanwhile.'}`;
    case 429:
      return rateLimitText(err);
    case 503: {
      const when = err.retryAfter ? ` in ${err.retryAfter} s` : ' in a moment';
      return `The service is briefly unavailable; try again${when}.${detail ? ` (${sentence(detail)})` : ''}`;
    }
    default:
      if (err.status >= 500) {
        return `The service failed to ${action} (error ${err.status}). Try again; if it keeps failing, contact support with the request id below.`;
      }
      return validationText(err, action);
  }
}

function rateLimitText(err) {
  const wait = err.retryAfter ?? 60;
  // Failed sign-ins are limited per address, apart from the plan's windows.
  if (/failed authentication/i.test(err.problem.detail || '')) {
    return `Too many failed sign-in attempts from this address; try again in ${wait} s.`;
  }
  return `Too many requests: your plan's limit was reached; try again in ${wait} s.`;
}

function validationText(err, action) {
  const parts = [];
  if (err.problem.detail) parts.push(sentence(err.problem.detail));
  if (Array.isArray(err.problem.errors)) {
    for (const e of err.problem.errors) {
      const known = (m) => parts.some((p) => p.toLowerCase().includes(String(m).toLowerCase()));
      if (e && e.message && !known(e.message)) {
        parts.push(sentence(e.field ? `${e.field}: ${e.message}` : e.message));
      }
    }
  }
  if (!parts.length) parts.push(sentence(err.problem.title || `the request to ${action} was refused (${err.status})`));
  return parts.join(' ');
}

/** Reports a failure; a 401 in a session means the key stopped working, so the page signs out. */
function handleError(err, action) {
  if (err instanceof StaleAnswer) return;
  if (err instanceof ApiError && err.status === 401 && state.signedIn) {
    signOut('This key is no longer accepted: it was revoked, has expired or is unknown. Sign in again with a valid key.',
      'error', err.requestId);
    return;
  }
  if (!(err instanceof ApiError)) {
    // A bug in the page, not a refusal: keep a trace for whoever debugs it (never the key).
    console.error(err);
  }
  say(describeError(err, action), 'error', err instanceof ApiError ? err.requestId : null);
}

function updateBodyState() {
  if (state.tasks > 0) {
    document.body.dataset.state = 'busy';
  } else {
    document.body.dataset.state = state.signedIn ? 'ready' : 'signed-out';
  }
}

/** Runs a user action or a load; the body says "busy" until every running one has finished. */
async function task(fn) {
  state.tasks += 1;
  updateBodyState();
  try {
    return await fn();
  } finally {
    state.tasks -= 1;
    updateBodyState();
  }
}

/** Disables a button while its action runs, so a double click sends nothing twice. */
async function withButton(button, fn) {
  if (button) button.disabled = true;
  try {
    return await fn();
  } finally {
    if (button) button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

const numberFormat = new Intl.NumberFormat('en-US');

function fmtNumber(n) {
  return numberFormat.format(Number(n) || 0);
}

// The plans count storage in SI units (1 MB = 1,000,000 bytes), so the page does too.
function fmtBytes(bytes) {
  const b = Number(bytes) || 0;
  if (b < 1000) return `${b} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = b;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

function fmtPercent(p) {
  const value = Number(p) || 0;
  return `${value.toFixed(1)} %`;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

function fmtDateTime(iso, zone = true) {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return zone ? `${text} UTC` : text;
}

function isoDay(date) {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function shortDay(day) {
  const [, m, d] = day.split('-');
  return `${MONTHS[Number(m) - 1]} ${Number(d)}`;
}

/**
 * A <time> element showing an instant in UTC, or a plain text fallback for a missing one. Tables
 * say "UTC" once in their column headings, so their cells leave it out.
 */
function timeNode(iso, missing = '—', zone = true) {
  const text = fmtDateTime(iso, zone);
  if (!text) {
    const span = document.createElement('span');
    span.className = 'muted';
    span.textContent = missing;
    return span;
  }
  const t = document.createElement('time');
  t.dateTime = iso;
  t.textContent = text;
  return t;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function chips(list, values) {
  list.replaceChildren(...(values || []).map((v) => el('li', null, v)));
  if (!values || !values.length) list.append(el('li', 'muted', 'none'));
}

function hasScope(scope) {
  return Boolean(state.self && Array.isArray(state.self.scopes) && state.self.scopes.includes(scope));
}

// ---------------------------------------------------------------------------------------------
// Sign-in and sign-out

function showSignedOutView() {
  $('dashboard').hidden = true;
  $('nav').hidden = true;
  $('signout-button').hidden = true;
  $('refresh-button').hidden = true;
  $('signin').hidden = false;
}

function showSignedInView() {
  $('signin').hidden = true;
  $('signin-error').textContent = '';
  $('signin-request-id').hidden = true;
  $('dashboard').hidden = false;
  $('nav').hidden = false;
  $('signout-button').hidden = false;
  $('refresh-button').hidden = false;
}

function signOut(message, kind = 'info', requestId = null) {
  forgetKey();
  state.signedIn = false;
  state.generation += 1;
  resetDashboard();
  showSignedOutView();
  say(message || '', kind, requestId);
  updateBodyState();
  $('api-key').focus();
}

/** Empties everything shown for the previous session (and the raw key of a new-key panel). */
function resetDashboard() {
  state.self = null;
  state.me = null;
  state.keys = [];
  state.detail = null;
  state.detailOpenerId = null;
  Object.assign(state.mem, {
    view: 'list', status: 'active', query: '', mode: 'hybrid', includeArchived: false, cursor: null,
    items: new Map(), order: [],
  });
  for (const id of ['account-email', 'account-plan', 'key-prefix', 'key-name', 'account-rate-limit', 'usage-summary']) {
    $(id).textContent = '';
  }
  $('key-scopes').replaceChildren();
  for (const item of $('usage-bars').querySelectorAll('[data-quantity]')) {
    item.querySelector('meter').value = 0;
    item.querySelector('[data-role="text"]').textContent = '';
    item.querySelector('[data-role="percent"]').textContent = '';
  }
  clearChart();
  $('usage-table').tBodies[0].replaceChildren();
  $('keys-table').tBodies[0].replaceChildren();
  hideNewKey();
  $('create-key-form').reset();
  $('memory-search-form').reset();
  $('memory-status').value = 'active';
  $('search-clear').hidden = true;
  $('memories-list').replaceChildren();
  $('memories-more').hidden = true;
  $('memories-empty').hidden = true;
  $('memories-no-results').hidden = true;
  for (const note of document.querySelectorAll('.load-error')) note.hidden = true;
  closeDetail({ restoreFocus: false });
}

async function onSignIn(event) {
  event.preventDefault();
  const input = $('api-key');
  const error = $('signin-error');
  const key = input.value.trim();
  error.textContent = '';
  $('signin-request-id').hidden = true;
  clearMessage();
  if (!key) {
    error.textContent = 'Paste an API key first.';
    input.focus();
    return;
  }
  // A header can only carry visible ASCII; anything else (a pasted "…", a space) is no key anyway.
  if (!/^[\x21-\x7E]+$/.test(key)) {
    error.textContent = 'That key was not accepted: it contains characters that no API key has '
      + '(a key is wm_, its environment, an underscore and 32 letters and digits).';
    input.focus();
    input.select();
    return;
  }
  await task(() => withButton($('signin-button'), async () => {
    let self;
    try {
      self = await request('GET', '/keys/self', { key });
    } catch (err) {
      if (err instanceof StaleAnswer) return;
      if (err instanceof ApiError && err.status === 401) {
        error.textContent = 'That key was not accepted: it is unknown, revoked or expired.';
      } else if (err instanceof ApiError && err.status === 429) {
        error.textContent = rateLimitText(err);
      } else {
        error.textContent = describeError(err, 'check the key');
      }
      if (err instanceof ApiError && err.requestId) {
        const rid = $('signin-request-id');
        rid.textContent = `Request id: ${err.requestId}`;
        rid.hidden = false;
      }
      input.focus();
      input.select();
      return;
    }
    input.value = '';
    storeKey(key);
    await enterDashboard(self);
    $('account-heading').focus();
  }));
}

async function enterDashboard(self) {
  state.generation += 1;
  state.signedIn = true;
  state.self = self;
  showSignedInView();
  renderSelf();
  presetScopeCheckboxes();
  await loadEverything();
}

/** Loads every section the key may see, in parallel; reports the first failure. */
async function loadEverything() {
  applyScopeVisibility();
  const jobs = [section('account', loadMe())];
  if (hasScope('usage:read')) jobs.push(section('usage', loadUsage()));
  if (hasScope('keys:manage')) jobs.push(section('keys', loadKeys()));
  if (hasScope('memories:read')) jobs.push(section('memories', loadMemories({ append: false })));
  const results = await Promise.allSettled(jobs);
  const failures = results.filter((r) => r.status === 'rejected').map((r) => r.reason)
    .filter((e) => !(e instanceof StaleAnswer));
  if (!failures.length) return;
  // A 401 outranks everything else: the session is over.
  const unauthorized = failures.find((e) => e instanceof ApiError && e.status === 401);
  handleError(unauthorized || failures[0], 'load the dashboard');
}

/** Marks a section whose data could not be loaded, so an empty chart or table is not taken for "none". */
async function section(name, promise) {
  const note = $(`${name}-load-error`);
  try {
    const result = await promise;
    note.hidden = true;
    return result;
  } catch (err) {
    if (!(err instanceof StaleAnswer)) {
      note.textContent = 'This part could not be loaded (see the message above). Use Refresh to try again.';
      note.hidden = false;
    }
    throw err;
  }
}

function applyScopeVisibility() {
  const usage = hasScope('usage:read');
  $('usage-unavailable').hidden = usage;
  $('usage-content').hidden = !usage;
  const keys = hasScope('keys:manage');
  $('keys-unavailable').hidden = keys;
  $('keys-content').hidden = !keys;
  const memories = hasScope('memories:read');
  $('memories-unavailable').hidden = memories;
  $('memories-content').hidden = !memories;
}

async function onRefresh() {
  clearMessage();
  await task(() => withButton($('refresh-button'), async () => {
    try {
      const self = await request('GET', '/keys/self');
      state.self = self;
      renderSelf();
    } catch (err) {
      handleError(err, 'refresh the dashboard');
      return;
    }
    await loadEverything();
  }));
}

/** On load: a key kept in this tab signs in again without asking. */
async function resume() {
  const key = readKey();
  if (!key) {
    showSignedOutView();
    updateBodyState();
    return;
  }
  await task(async () => {
    let self;
    try {
      self = await request('GET', '/keys/self', { key });
    } catch (err) {
      if (err instanceof StaleAnswer) return;
      showSignedOutView();
      if (err instanceof ApiError && err.status === 401) {
        forgetKey();
        say('The key you signed in with is no longer accepted: it was revoked, has expired or is unknown. Sign in again with a valid key.',
          'error', err.requestId);
      } else {
        // Kept: the key may be fine and the service only briefly out of reach.
        say(`${describeError(err, 'check your key')} Reload the page to try again, or sign in with another key.`,
          'error', err instanceof ApiError ? err.requestId : null);
      }
      return;
    }
    await enterDashboard(self);
  });
}

// ---------------------------------------------------------------------------------------------
// Account and plan usage

function renderSelf() {
  const self = state.self;
  if (!self) return;
  $('key-prefix').textContent = `${self.key_prefix}…`;
  $('key-name').textContent = self.name ? `(${self.name})` : '';
  chips($('key-scopes'), self.scopes);
  if (self.plan_tier && !$('account-plan').textContent) $('account-plan').textContent = self.plan_tier;
}

async function loadMe() {
  const me = await request('GET', '/me');
  state.me = me;
  renderMe();
  updateEmptyState();
}

function renderMe() {
  const me = state.me;
  if (!me) return;
  $('account-email').textContent = me.user?.email ?? '';
  $('account-plan').textContent = me.user?.plan_tier ?? '';
  const l = me.limits || {};
  $('account-rate-limit').textContent = `${fmtNumber(l.requests_per_minute)} requests a minute`;
  const u = me.usage || {};
  const p = me.usage_percent || {};
  const quantities = {
    requests_today: {
      used: u.requests_today, limit: l.requests_per_day, percent: p.requests_today,
      text: (used, limit) => `${fmtNumber(used)} of ${fmtNumber(limit)} requests today`,
    },
    requests_this_month: {
      used: u.requests_this_month, limit: l.requests_per_month, percent: p.requests_this_month,
      text: (used, limit) => `${fmtNumber(used)} of ${fmtNumber(limit)} requests this month`,
    },
    memories: {
      used: u.memories_count, limit: l.max_memories, percent: p.memories,
      text: (used, limit) => `${fmtNumber(used)} of ${fmtNumber(limit)} memories`,
    },
    storage: {
      used: u.storage_bytes, limit: l.max_storage_bytes, percent: p.storage,
      text: (used, limit) => `${fmtBytes(used)} of ${fmtBytes(limit)} of storage`,
    },
  };
  for (const item of $('usage-bars').querySelectorAll('[data-quantity]')) {
    const q = quantities[item.dataset.quantity];
    if (!q) continue;
    const used = Number(q.used) || 0;
    const limit = Number(q.limit) || 0;
    const percent = q.percent ?? (limit ? Math.round((used / limit) * 1000) / 10 : 0);
    const text = q.text(used, limit);
    const meter = item.querySelector('meter');
    meter.value = Math.min(100, Math.max(0, Number(percent) || 0));
    meter.setAttribute('aria-valuetext', `${fmtPercent(percent)}: ${text}`);
    meter.textContent = fmtPercent(percent);
    item.querySelector('[data-role="text"]').textContent = text;
    item.querySelector('[data-role="percent"]').textContent = fmtPercent(percent);
    item.dataset.used = String(used);
    item.dataset.limit = String(limit);
    item.dataset.percent = String(percent);
  }
}

// ---------------------------------------------------------------------------------------------
// Usage per day: SVG chart and table

function lastDays(n) {
  const now = new Date();
  const todayUtc = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days = [];
  for (let i = n - 1; i >= 0; i -= 1) days.push(isoDay(new Date(todayUtc - i * 86400000)));
  return days;
}

async function loadUsage() {
  const days = lastDays(USAGE_DAYS);
  const answer = await request('GET', `/usage?from=${days[0]}&to=${days[days.length - 1]}`);
  // Days without traffic may be missing from the answer: they count as zero.
  const byDate = new Map((answer?.days || []).map((d) => [d.date, d]));
  const series = days.map((date) => {
    const d = byDate.get(date);
    return { date, requests: Number(d?.requests) || 0, errors: Number(d?.errors) || 0 };
  });
  renderUsage(series);
}

function renderUsage(series) {
  const totalRequests = series.reduce((s, d) => s + d.requests, 0);
  const totalErrors = series.reduce((s, d) => s + d.errors, 0);
  const busiest = series.reduce((best, d) => (d.requests > best.requests ? d : best), series[0]);
  const summary = totalRequests
    ? `${fmtNumber(totalRequests)} requests and ${fmtNumber(totalErrors)} errors in the last ${series.length} days; busiest day ${busiest.date} with ${fmtNumber(busiest.requests)}.`
    : `No requests in the last ${series.length} days.`;
  $('usage-summary').textContent = summary;
  drawChart(series, summary);

  const tbody = $('usage-table').tBodies[0];
  tbody.replaceChildren(...series.map((d) => {
    const tr = document.createElement('tr');
    tr.dataset.date = d.date;
    const th = el('th', null, d.date);
    th.scope = 'row';
    th.dataset.field = 'date';
    const requests = el('td', 'num', fmtNumber(d.requests));
    requests.dataset.field = 'requests';
    const errors = el('td', 'num', fmtNumber(d.errors));
    errors.dataset.field = 'errors';
    tr.append(th, requests, errors);
    return tr;
  }));
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function clearChart() {
  const chart = $('usage-chart');
  for (const child of [...chart.children]) {
    if (child.id !== 'usage-chart-title' && child.id !== 'usage-chart-desc') child.remove();
  }
  $('usage-chart-desc').textContent = 'No data loaded yet.';
}

/** A round step for the y axis, so that ticks read 0, 5, 10, … rather than 0, 3.25, 6.5. */
function niceStep(rough) {
  if (rough <= 1) return 1;
  const exp = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 2.5, 5, 10]) {
    const step = m * exp;
    if (step >= rough && Number.isInteger(step)) return step;
  }
  return 10 * exp;
}

function drawChart(series, description) {
  clearChart();
  const chart = $('usage-chart');
  $('usage-chart-desc').textContent = description;
  const W = 640;
  const H = 260;
  const m = { left: 52, right: 12, top: 14, bottom: 46 };
  const plotW = W - m.left - m.right;
  const plotH = H - m.top - m.bottom;
  const maxValue = Math.max(0, ...series.map((d) => d.requests));
  const ticks = 4;
  const step = niceStep(maxValue / ticks);
  const yMax = step * ticks;
  const y = (v) => m.top + plotH - (v / yMax) * plotH;
  const band = plotW / series.length;
  const barW = Math.max(2, band * 0.68);

  const grid = svg('g', { 'aria-hidden': 'true' });
  for (let i = 0; i <= ticks; i += 1) {
    const value = step * i;
    const yy = y(value);
    grid.append(svg('line', { x1: m.left, x2: W - m.right, y1: yy, y2: yy, class: i === 0 ? 'axis-line' : 'grid-line' }));
    grid.append(svg('text', { x: m.left - 8, y: yy + 4, 'text-anchor': 'end', class: 'tick-label' }, fmtNumber(value)));
  }
  grid.append(svg('line', { x1: m.left, x2: m.left, y1: m.top, y2: m.top + plotH, class: 'axis-line' }));
  // Axis titles.
  grid.append(svg('text', {
    x: 0, y: 0, transform: `translate(13 ${m.top + plotH / 2}) rotate(-90)`, 'text-anchor': 'middle', class: 'axis-title',
  }, 'Requests per day'));
  grid.append(svg('text', { x: m.left + plotW / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis-title' }, 'Date (UTC)'));
  chart.append(grid);

  const bars = svg('g', { class: 'bars' });
  series.forEach((d, i) => {
    const x = m.left + i * band + (band - barW) / 2;
    const g = svg('g', { class: 'day', 'data-date': d.date });
    g.append(svg('title', {}, `${d.date}: ${fmtNumber(d.requests)} requests, ${fmtNumber(d.errors)} errors`));
    g.append(svg('rect', { x: m.left + i * band, y: m.top, width: band, height: plotH, class: 'day-hit' }));
    if (d.requests > 0) {
      const h = Math.max(1.5, plotH - (y(d.requests) - m.top));
      g.append(svg('rect', { x, y: m.top + plotH - h, width: barW, height: h, rx: 1.5, class: 'bar-requests' }));
    }
    if (d.errors > 0) {
      const h = Math.max(1.5, plotH - (y(Math.min(d.errors, d.requests || d.errors)) - m.top));
      g.append(svg('rect', { x, y: m.top + plotH - h, width: barW, height: h, rx: 1.5, class: 'bar-errors' }));
    }
    bars.append(g);
  });
  chart.append(bars);

  // Date labels: every fifth day from the newest backwards, so today is always labelled.
  const labels = svg('g', { 'aria-hidden': 'true' });
  series.forEach((d, i) => {
    if ((series.length - 1 - i) % 5 !== 0) return;
    const cx = m.left + i * band + band / 2;
    labels.append(svg('line', { x1: cx, x2: cx, y1: m.top + plotH, y2: m.top + plotH + 4, class: 'axis-line' }));
    labels.append(svg('text', { x: cx, y: m.top + plotH + 17, 'text-anchor': 'middle', class: 'tick-label' }, shortDay(d.date)));
  });
  chart.append(labels);

  if (maxValue === 0) {
    chart.append(svg('text', {
      x: m.left + plotW / 2, y: m.top + plotH / 2, 'text-anchor': 'middle', class: 'empty-label', 'aria-hidden': 'true',
    }, 'No requests in the last 30 days'));
  }
}

// ---------------------------------------------------------------------------------------------
// API keys

function keyStatus(key) {
  if (key.revoked_at) return 'revoked';
  if (key.is_active === false) return 'expired';
  if (key.expires_at && Date.parse(key.expires_at) <= Date.now()) return 'expired';
  return 'active';
}

function keyLabel(key) {
  return key.name ? `“${key.name}” (${key.key_prefix}…)` : `${key.key_prefix}…`;
}

async function loadKeys() {
  const answer = await request('GET', '/keys?include_inactive=true');
  state.keys = Array.isArray(answer?.items) ? answer.items : [];
  renderKeys();
}

function renderKeys() {
  const tbody = $('keys-table').tBodies[0];
  if (!state.keys.length) {
    const tr = document.createElement('tr');
    const td = el('td', 'muted', 'No keys to show.');
    td.colSpan = 9;
    tr.append(td);
    tbody.replaceChildren(tr);
    return;
  }
  tbody.replaceChildren(...state.keys.map(keyRow));
}

function keyRow(key) {
  const status = keyStatus(key);
  const tr = document.createElement('tr');
  tr.dataset.keyId = key.id;
  tr.dataset.status = status;
  if (status !== 'active') tr.className = 'is-inactive';

  const name = el('th', 'key-name', key.name || '(no name)');
  name.scope = 'row';
  if (state.self && key.id === state.self.id) name.append(el('span', 'badge badge-this', 'this key'));

  const prefix = el('td', 'nowrap');
  prefix.append(el('code', null, `${key.key_prefix}…`));

  const scopes = el('td', 'key-scopes-cell');
  const list = el('ul', 'chips');
  chips(list, key.scopes);
  scopes.append(list);

  const statusCell = el('td');
  statusCell.append(el('span', `badge badge-${status}`, status));

  const created = el('td', 'when');
  created.append(timeNode(key.created_at, '—', false));
  const used = el('td', 'when');
  used.append(timeNode(key.last_used_at, 'never', false));
  const expires = el('td', 'when');
  expires.append(timeNode(status === 'revoked' ? null : key.expires_at, status === 'revoked' ? '—' : 'never', false));

  const actions = el('td', 'actions');
  if (status === 'active') {
    const rotate = el('button', 'button button-small', 'Rotate');
    rotate.type = 'button';
    rotate.dataset.action = 'rotate';
    rotate.setAttribute('aria-label', `Rotate key ${key.name || key.key_prefix}`);
    const revoke = el('button', 'button button-small button-danger', 'Revoke');
    revoke.type = 'button';
    revoke.dataset.action = 'revoke';
    revoke.setAttribute('aria-label', `Revoke key ${key.name || key.key_prefix}`);
    actions.append(rotate, revoke);
  }
  tr.append(name, prefix, el('td', null, key.environment || ''), scopes, statusCell, created, used, expires, actions);
  return tr;
}

function presetScopeCheckboxes() {
  for (const box of document.querySelectorAll('#create-key-form input[name="scope"]')) {
    const held = hasScope(box.value);
    box.checked = held;
    const label = box.closest('label');
    let note = label.querySelector('.lacking');
    if (!held && !note) {
      note = el('span', 'hint lacking', '(this key lacks it)');
      label.append(note);
    } else if (held && note) {
      note.remove();
    }
  }
}

function showNewKey(raw, note, oldExpiresText) {
  $('new-key-value').value = raw;
  $('new-key-note').textContent = note || '';
  const old = $('new-key-old-expires');
  old.textContent = oldExpiresText || '';
  old.hidden = !oldExpiresText;
  $('copy-key-button').textContent = 'Copy';
  $('new-key-panel').hidden = false;
  const field = $('new-key-value');
  field.focus();
  field.select();
}

function hideNewKey() {
  $('new-key-value').value = '';
  $('new-key-note').textContent = '';
  $('new-key-old-expires').textContent = '';
  $('new-key-panel').hidden = true;
}

async function onCopyKey() {
  const field = $('new-key-value');
  const value = field.value;
  if (!value) return;
  const button = $('copy-key-button');
  try {
    if (!navigator.clipboard || !navigator.clipboard.writeText) throw new Error('no clipboard API');
    await navigator.clipboard.writeText(value);
    button.textContent = 'Copied';
    say('The key was copied to the clipboard.', 'ok');
  } catch {
    // Without clipboard access (an insecure origin, or permission refused) the text is selected
    // so that the usual copy shortcut takes it.
    field.focus();
    field.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    if (copied) {
      button.textContent = 'Copied';
      say('The key was copied to the clipboard.', 'ok');
    } else {
      say('The key is selected: press Ctrl+C (⌘C on a Mac) to copy it.', 'info');
    }
  }
}

async function onCreateKey(event) {
  event.preventDefault();
  clearMessage();
  const nameField = $('new-key-name');
  const daysField = $('new-key-expires-days');
  nameField.removeAttribute('aria-invalid');
  daysField.removeAttribute('aria-invalid');
  const name = nameField.value.trim();
  if (!name) {
    nameField.setAttribute('aria-invalid', 'true');
    say('Give the new key a name, such as the agent or machine that will use it.', 'error');
    nameField.focus();
    return;
  }
  if (name.length > 100) {
    nameField.setAttribute('aria-invalid', 'true');
    say('A key name has at most 100 characters.', 'error');
    nameField.focus();
    return;
  }
  const scopes = [...document.querySelectorAll('#create-key-form input[name="scope"]:checked')].map((b) => b.value);
  if (!scopes.length) {
    say('Choose at least one scope for the new key.', 'error');
    document.querySelector('#create-key-form input[name="scope"]').focus();
    return;
  }
  const body = { name, scopes };
  const environment = $('new-key-environment').value;
  if (environment) body.environment = environment;
  const daysText = daysField.value.trim();
  if (daysText) {
    const days = Number(daysText);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      daysField.setAttribute('aria-invalid', 'true');
      say('The expiry is a whole number of days from 1 to 3650, or empty for no earlier expiry.', 'error');
      daysField.focus();
      return;
    }
    body.expires_in_days = days;
  }
  await task(() => withButton($('create-key-button'), async () => {
    let answer;
    try {
      answer = await request('POST', '/keys', { body });
    } catch (err) {
      handleError(err, 'create a key');
      return;
    }
    state.keys = [answer.api_key, ...state.keys.filter((k) => k.id !== answer.api_key.id)];
    renderKeys();
    nameField.value = '';
    daysField.value = '';
    $('new-key-environment').value = '';
    presetScopeCheckboxes();
    const k = answer.api_key;
    const expiry = k.expires_at ? `it expires at ${fmtDateTime(k.expires_at)}` : 'it does not expire';
    showNewKey(answer.key, `Key ${keyLabel(k)} created with the scopes ${k.scopes.join(', ')}; ${expiry}.`);
    say(`Key “${k.name}” created. Copy it now: it will not be shown again.`, 'ok');
  }));
}

async function onKeyAction(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const row = button.closest('tr[data-key-id]');
  const key = state.keys.find((k) => k.id === row?.dataset.keyId);
  if (!key) return;
  if (button.dataset.action === 'revoke') await revokeKey(key, button);
  if (button.dataset.action === 'rotate') await rotateKey(key, button);
}

async function revokeKey(key, button) {
  const isSelf = state.self && key.id === state.self.id;
  const question = `Revoke the key ${keyLabel(key)}? Anything that uses it stops working at once. This cannot be undone.`
    + (isSelf ? '\n\nYou are signed in with this key: you will be signed out.' : '');
  if (!window.confirm(question)) return;
  clearMessage();
  await task(() => withButton(button, async () => {
    try {
      await request('DELETE', `/keys/${encodeURIComponent(key.id)}`);
    } catch (err) {
      handleError(err, 'revoke the key');
      return;
    }
    if (isSelf) {
      signOut(`You revoked the key you were signed in with (${key.key_prefix}…), so you have been signed out.`, 'info');
      return;
    }
    key.revoked_at = new Date().toISOString();
    key.is_active = false;
    renderKeys();
    say(`Key ${keyLabel(key)} revoked: it no longer works.`, 'ok');
    $('keys-heading').focus();
  }));
}

async function rotateKey(key, button) {
  const isSelf = state.self && key.id === state.self.id;
  const graceSelect = $('rotate-grace');
  const grace = Number(graceSelect.value) || 0;
  const graceText = graceSelect.options[graceSelect.selectedIndex].textContent;
  const question = `Rotate the key ${keyLabel(key)}? A new key with the same name, scopes and expiry replaces it; `
    + (grace ? `the old key keeps working for ${graceText}.` : 'the old key stops working at once.')
    + (isSelf ? '\n\nYou are signed in with this key: the dashboard will switch to the new key.' : '');
  if (!window.confirm(question)) return;
  clearMessage();
  await task(() => withButton(button, async () => {
    let answer;
    try {
      answer = await request('POST', `/keys/${encodeURIComponent(key.id)}/rotate`, { body: { grace_period_seconds: grace } });
    } catch (err) {
      handleError(err, 'rotate the key');
      return;
    }
    if (isSelf) {
      // The old key can no longer manage keys (and may stop at once), so this tab moves on to the new one.
      storeKey(answer.key);
      state.self = { ...answer.api_key, user_id: state.self.user_id, plan_tier: state.self.plan_tier };
      renderSelf();
      presetScopeCheckboxes();
    }
    const stops = answer.previous_key_expires_at;
    const stopsText = !stops || Date.parse(stops) <= Date.now() + 1000
      ? `The old key (${key.key_prefix}…) has stopped working.`
      : `The old key (${key.key_prefix}…) keeps working until ${fmtDateTime(stops)}, then stops.`;
    showNewKey(answer.key, `Replaces ${keyLabel(key)}.${isSelf ? ' This tab now uses the new key.' : ''}`, stopsText);
    say(`Key ${keyLabel(key)} rotated. Copy the new key now: it will not be shown again.`, 'ok');
    try {
      await loadKeys();
    } catch (err) {
      handleError(err, 'reload the keys');
    }
  }));
}

// ---------------------------------------------------------------------------------------------
// Memories

function exampleCommand() {
  return `curl -X POST ${window.location.origin}/api/v1/memories \\\n`
    + '  -H "Authorization: Bearer YOUR_API_KEY" \\\n'
    + '  -H "Content-Type: application/json" \\\n'
    + '  -d \'{"title": "Favourite editor", "content": "The user writes code in Neovim.", "tags": ["preferences"]}\'';
}

async function loadMemories({ append }) {
  const mem = state.mem;
  const cursor = append ? mem.cursor : null;
  let answer;
  if (mem.view === 'search') {
    const body = { query: mem.query, mode: mem.mode, include_archived: mem.includeArchived, limit: PAGE_SIZE };
    if (cursor) body.cursor = cursor;
    answer = await request('POST', '/search', { body });
  } else {
    const params = new URLSearchParams({ status: mem.status, limit: String(PAGE_SIZE) });
    if (cursor) params.set('cursor', cursor);
    answer = await request('GET', `/memories?${params}`);
  }
  if (!append) {
    mem.items = new Map();
    mem.order = [];
    $('memories-list').replaceChildren();
  }
  const items = Array.isArray(answer?.items) ? answer.items : [];
  const fragment = document.createDocumentFragment();
  for (const raw of items) {
    const entry = mem.view === 'search' ? { memory: raw.memory, hit: raw } : { memory: raw, hit: null };
    if (!entry.memory || mem.items.has(entry.memory.id)) continue;
    mem.items.set(entry.memory.id, entry);
    mem.order.push(entry.memory.id);
    fragment.append(memoryItem(entry));
  }
  $('memories-list').append(fragment);
  mem.cursor = answer?.next_cursor || null;
  $('memories-more').hidden = !mem.cursor;
  updateListHeading();
  updateEmptyState();
}

function updateListHeading() {
  const mem = state.mem;
  const heading = $('memories-list-heading');
  if (mem.view === 'search') {
    heading.textContent = `Results for “${mem.query}” (${mem.mode}${mem.includeArchived ? ', archived included' : ''})`;
  } else {
    heading.textContent = { active: 'Active memories, newest first', archived: 'Archived memories, newest first', all: 'All memories, newest first' }[mem.status];
  }
}

function updateEmptyState() {
  const mem = state.mem;
  const empty = mem.order.length === 0;
  const noResults = $('memories-no-results');
  const accountEmpty = state.me ? Number(state.me.usage?.memories_count) === 0 : true;
  let showExample = false;
  let text = '';
  if (empty && mem.view === 'search') {
    text = `No memory matches “${mem.query}”. Try other words, or the semantic mode to search by meaning.`;
  } else if (empty && mem.status === 'archived') {
    text = 'No archived memories.';
  } else if (empty && (mem.status === 'all' || accountEmpty)) {
    showExample = true;
  } else if (empty) {
    text = 'No active memories. Archived ones are listed under Show: Archived.';
  }
  if (showExample) $('memories-example').textContent = exampleCommand();
  $('memories-empty').hidden = !showExample;
  noResults.textContent = text;
  noResults.hidden = !text;
}

function appendMarked(node, text) {
  // The search marks matched words as <<word>>; everything is added as text nodes.
  const pattern = /<<([\s\S]+?)>>/g;
  let last = 0;
  for (const match of String(text).matchAll(pattern)) {
    if (match.index > last) node.append(text.slice(last, match.index));
    node.append(el('mark', null, match[1]));
    last = match.index + match[0].length;
  }
  if (last < text.length) node.append(text.slice(last));
}

function preview(content) {
  const flat = String(content || '').replace(/\s+/g, ' ').trim();
  return flat.length > 180 ? `${flat.slice(0, 177)}…` : flat;
}

function memoryItem(entry) {
  const { memory, hit } = entry;
  const li = el('li', 'memory-item');
  li.dataset.memoryId = memory.id;
  li.dataset.status = memory.status;
  if (state.detail && state.detail.id === memory.id) li.classList.add('is-selected');

  const button = el('button', 'open-memory');
  button.type = 'button';
  button.append(el('span', 'memory-title', memory.title || '(untitled)'));

  const snippet = el('span', 'memory-snippet');
  if (hit) appendMarked(snippet, hit.snippet || '');
  else snippet.textContent = preview(memory.content);
  if (snippet.textContent) button.append(snippet);

  const meta = el('span', 'memory-meta');
  // Only the exception is worth a badge: most items listed are active.
  if (memory.status !== 'active') meta.append(el('span', `badge badge-${memory.status}`, memory.status));
  meta.append(el('span', null, memory.type === 'long_term' ? 'long-term' : 'short-term'));
  if (memory.tags && memory.tags.length) meta.append(el('span', null, memory.tags.map((t) => `#${t}`).join(' ')));
  meta.append(el('span', null, fmtDateTime(memory.created_at)));
  if (hit) {
    const kind = { keyword: 'keyword match', semantic: 'semantic match', both: 'keyword and semantic match' }[hit.match]
      || (hit.match ? `${hit.match} match` : 'match');
    const matchSpan = el('span', 'memory-match badge', kind);
    matchSpan.dataset.match = hit.match || '';
    meta.append(matchSpan);
    if (typeof hit.score === 'number') meta.append(el('span', 'memory-score', `score ${hit.score.toFixed(3)}`));
  }
  button.append(meta);
  li.append(button);
  return li;
}

/** Updates, adds or removes a memory's list item after it was archived or restored. */
function syncListItem(memory) {
  const mem = state.mem;
  const list = $('memories-list');
  const existing = list.querySelector(`li[data-memory-id="${CSS.escape(memory.id)}"]`);
  // Search results are a snapshot of one search: an item stays where it is and shows its new status.
  // The plain list follows its status filter.
  const fits = mem.view === 'search' || mem.status === 'all' || mem.status === memory.status;
  const previous = mem.items.get(memory.id);
  if (!fits) {
    if (existing) existing.remove();
    mem.items.delete(memory.id);
    mem.order = mem.order.filter((id) => id !== memory.id);
    updateEmptyState();
    return;
  }
  const entry = { memory: { ...(previous?.memory || {}), ...memory }, hit: previous?.hit || null };
  if (existing) {
    mem.items.set(memory.id, entry);
    existing.replaceWith(memoryItem(entry));
    return;
  }
  if (mem.view === 'search') return; // a search's results are not extended by hand
  // Newest first: place it before the first older item; past the last loaded one only when no
  // further page would hold it.
  const created = Date.parse(memory.created_at);
  const beforeId = mem.order.find((id) => Date.parse(mem.items.get(id).memory.created_at) < created);
  if (!beforeId && mem.cursor) return;
  mem.items.set(memory.id, entry);
  const node = memoryItem(entry);
  if (beforeId) {
    list.querySelector(`li[data-memory-id="${CSS.escape(beforeId)}"]`).before(node);
    mem.order.splice(mem.order.indexOf(beforeId), 0, memory.id);
  } else {
    list.append(node);
    mem.order.push(memory.id);
  }
  updateEmptyState();
}

async function reloadMemories(action) {
  await task(async () => {
    try {
      await loadMemories({ append: false });
    } catch (err) {
      handleError(err, action);
    }
  });
}

async function onSearch(event) {
  event.preventDefault();
  clearMessage();
  const query = $('memory-query').value.trim();
  const mem = state.mem;
  if (!query) {
    // An empty search goes back to the plain list.
    mem.view = 'list';
    $('search-clear').hidden = true;
  } else {
    mem.view = 'search';
    mem.query = query;
    mem.mode = $('search-mode').value;
    mem.includeArchived = $('search-include-archived').checked;
    $('search-clear').hidden = false;
  }
  await task(() => withButton($('search-button'), async () => {
    try {
      await loadMemories({ append: false });
    } catch (err) {
      handleError(err, 'search the memories');
    }
  }));
}

async function onClearSearch() {
  clearMessage();
  $('memory-query').value = '';
  state.mem.view = 'list';
  $('search-clear').hidden = true;
  await reloadMemories('list the memories');
  $('memory-query').focus();
}

async function onStatusChange() {
  clearMessage();
  const mem = state.mem;
  mem.status = $('memory-status').value;
  // The status filter belongs to the list, so choosing one leaves a search.
  mem.view = 'list';
  $('memory-query').value = '';
  $('search-clear').hidden = true;
  await reloadMemories('list the memories');
}

async function onLoadMore() {
  clearMessage();
  const button = $('memories-more');
  const countBefore = state.mem.order.length;
  await task(() => withButton(button, async () => {
    try {
      await loadMemories({ append: true });
    } catch (err) {
      handleError(err, 'load more memories');
      return;
    }
    // Keyboard users continue with the first new item rather than at the end of the page.
    const firstNew = state.mem.order[countBefore];
    if (firstNew) {
      $('memories-list').querySelector(`li[data-memory-id="${CSS.escape(firstNew)}"] .open-memory`)?.focus();
    }
  }));
}

async function onListClick(event) {
  const button = event.target.closest('button.open-memory');
  if (!button) return;
  const id = button.closest('li[data-memory-id]').dataset.memoryId;
  clearMessage();
  await task(async () => {
    let memory;
    try {
      memory = await request('GET', `/memories/${encodeURIComponent(id)}`);
    } catch (err) {
      handleError(err, 'open the memory');
      return;
    }
    state.detailOpenerId = id;
    showDetail(memory);
    $('memory-detail-title').focus();
  });
}

function showDetail(memory) {
  state.detail = memory;
  $('memory-detail-title').textContent = memory.title || '(untitled)';
  $('memory-detail-content').textContent = memory.content ?? '';
  const status = $('memory-detail-status');
  status.textContent = memory.status;
  status.className = `badge badge-${memory.status}`;
  $('memory-detail-type').textContent = memory.type === 'long_term' ? 'long-term' : 'short-term';
  chips($('memory-detail-tags'), memory.tags);
  $('memory-detail-created').replaceChildren(timeNode(memory.created_at));
  $('memory-detail-updated').replaceChildren(timeNode(memory.updated_at));
  $('memory-detail-accessed').replaceChildren(timeNode(memory.accessed_at, 'not yet'));
  $('memory-detail-archived-row').hidden = !memory.archived_at;
  $('memory-detail-archived').replaceChildren(timeNode(memory.archived_at));
  const size = Number(memory.size_bytes) || 0;
  $('memory-detail-size').textContent = size < 1000 ? `${size} bytes` : `${fmtBytes(size)} (${fmtNumber(size)} bytes)`;
  $('archive-button').hidden = memory.status !== 'active';
  $('restore-button').hidden = memory.status !== 'archived';
  $('memory-detail').dataset.memoryId = memory.id;
  $('memory-detail').hidden = false;
  $('memories-layout').classList.add('has-detail');
  for (const li of $('memories-list').querySelectorAll('li.is-selected')) li.classList.remove('is-selected');
  $('memories-list').querySelector(`li[data-memory-id="${CSS.escape(memory.id)}"]`)?.classList.add('is-selected');
}

function closeDetail({ restoreFocus = true } = {}) {
  const openerId = state.detailOpenerId;
  state.detail = null;
  state.detailOpenerId = null;
  $('memory-detail').hidden = true;
  delete $('memory-detail').dataset.memoryId;
  $('memory-detail-title').textContent = '';
  $('memory-detail-content').textContent = '';
  $('memories-layout').classList.remove('has-detail');
  for (const li of $('memories-list').querySelectorAll('li.is-selected')) li.classList.remove('is-selected');
  if (!restoreFocus) return;
  const opener = openerId
    && $('memories-list').querySelector(`li[data-memory-id="${CSS.escape(openerId)}"] .open-memory`);
  (opener || $('memories-list-heading')).focus();
}

async function onArchive() {
  const memory = state.detail;
  if (!memory) return;
  clearMessage();
  await task(() => withButton($('archive-button'), async () => {
    try {
      await request('DELETE', `/memories/${encodeURIComponent(memory.id)}`);
    } catch (err) {
      handleError(err, 'archive the memory');
      return;
    }
    // The answer is empty (204): the page records the change itself.
    const archived = { ...memory, status: 'archived', archived_at: new Date().toISOString() };
    showDetail(archived);
    syncListItem(archived);
    say(`“${memory.title}” archived. It can be restored at any time.`, 'ok');
    $('restore-button').focus();
  }));
}

async function onRestore() {
  const memory = state.detail;
  if (!memory) return;
  clearMessage();
  await task(() => withButton($('restore-button'), async () => {
    let restored;
    try {
      restored = await request('POST', `/memories/${encodeURIComponent(memory.id)}/restore`);
    } catch (err) {
      handleError(err, 'restore the memory');
      return;
    }
    showDetail(restored);
    syncListItem(restored);
    say(`“${restored.title}” restored.`, 'ok');
    $('archive-button').focus();
  }));
}

// ---------------------------------------------------------------------------------------------
// Wiring

function init() {
  $('signin-form').addEventListener('submit', onSignIn);
  $('signout-button').addEventListener('click', () => signOut('You are signed out; the key was removed from this tab.', 'ok'));
  $('refresh-button').addEventListener('click', onRefresh);
  $('create-key-form').addEventListener('submit', onCreateKey);
  $('keys-table').addEventListener('click', onKeyAction);
  $('copy-key-button').addEventListener('click', onCopyKey);
  $('new-key-done').addEventListener('click', () => {
    hideNewKey();
    clearMessage();
    $('keys-heading').focus();
  });
  $('message-dismiss').addEventListener('click', () => {
    clearMessage();
    // The button disappears with the message; keep the keyboard position near where it was.
    $('main').focus({ preventScroll: true });
  });
  $('memory-search-form').addEventListener('submit', onSearch);
  $('search-clear').addEventListener('click', onClearSearch);
  $('memory-status').addEventListener('change', onStatusChange);
  $('memories-more').addEventListener('click', onLoadMore);
  $('memories-list').addEventListener('click', onListClick);
  $('close-detail-button').addEventListener('click', () => closeDetail());
  $('archive-button').addEventListener('click', onArchive);
  $('restore-button').addEventListener('click', onRestore);
  $('memory-detail').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeDetail();
    }
  });
  // Another tab signing out does not touch this one: sessionStorage belongs to this tab only.
  resume();
}

init();
