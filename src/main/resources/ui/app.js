// ordercast operator's page: order search, dead letters with replay, the observed state-transition graph, and the
// preview of an order event (its notifications as each recipient would get them; an HTML mail in a sandboxed frame).
// Every API call carries "Authorization: Bearer <token>"; the token lives in this tab's sessionStorage only
// (never localStorage, never in a URL). Whatever the API answers is put into the page with textContent.
'use strict';

(function () {
  const TOKEN_KEY = 'ordercast.apiToken';
  const PAGE_SIZE = 20;
  const VIEWS = ['order', 'dead-letters', 'transitions', 'preview'];
  // a notification's status, and the preview's decisions (SEND)
  const STATUSES = ['PENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEFERRED', 'SEND'];
  const $ = (id) => document.getElementById(id);

  // ---- the token ----------------------------------------------------------------------------------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function signedIn(yes, message) {
    $('login').hidden = yes;
    $('signed-in').hidden = !yes;
    setStatus('login-status', message || '', !yes && Boolean(message));
  }

  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('token').value.trim();
    $('token').value = '';
    if (!value) {
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    signedIn(true);
    route();
  });

  $('logout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    signedIn(false, 'token forgotten');
  });

  // ---- calling the API ------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, method, json) {
    const bearer = token();
    if (!bearer) {
      signedIn(false, 'enter the API token (ordercast.api.token) first');
      throw new ApiError(401, 'no API token entered');
    }
    // relative to /ui/, so that the page also works behind a proxy that mounts the service under a prefix
    const headers = { 'Authorization': 'Bearer ' + bearer, 'Accept': 'application/json' };
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch('../api/' + path, {
      method: method || 'GET',
      headers: headers,
      body: json,
      cache: 'no-store',
      redirect: 'error',
    });
    let body = null;
    try {
      body = await response.json();
    } catch (notJson) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === 'string' ? body.error : 'HTTP ' + response.status;
      if (response.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        signedIn(false, 'the service refused the token: ' + message);
      }
      throw new ApiError(response.status, message);
    }
    return body;
  }

  // ---- putting data into the page: text only -----------------------------------------------------------

  function text(value) {
    return value === undefined || value === null ? '' : String(value);
  }

  function setStatus(id, message, isError) {
    const node = $(id);
    node.textContent = text(message);
    node.classList.toggle('error', Boolean(isError));
  }

  function cell(value, className) {
    const td = document.createElement('td');
    td.textContent = text(value);
    if (className) {
      td.className = className;
    }
    return td;
  }

  /** A cell that starts with a timestamp, which wraps between its date and its time. */
  function timeCell(value) {
    const td = cell(value, 'when');
    const at = td.textContent.indexOf('T');
    if (at > 0) {
      td.replaceChildren(td.textContent.slice(0, at + 1), document.createElement('wbr'), td.textContent.slice(at + 1));
    }
    return td;
  }

  function statusClass(status) {
    return STATUSES.includes(status) ? 'delivery delivery-' + status.toLowerCase() : 'delivery';
  }

  function fillRows(tableId, rows, toCells) {
    const tbody = $(tableId).tBodies[0];
    tbody.replaceChildren(...rows.map((row) => {
      const tr = document.createElement('tr');
      tr.append(...toCells(row));
      return tr;
    }));
  }

  function emptyRow(tableId, message) {
    const tbody = $(tableId).tBodies[0];
    const td = cell(message, 'muted');
    td.colSpan = $(tableId).tHead.rows[0].cells.length;
    const tr = document.createElement('tr');
    tr.append(td);
    tbody.replaceChildren(tr);
  }

  // ---- the order view -------------------------------------------------------------------------------

  function timelineReason(entry) {
    const parts = [];
    if (entry.reason) {
      parts.push(entry.reason);
    }
    if (entry.held) {
      parts.push('was held');
    }
    if (entry.followUpError) {
      parts.push('follow-up: ' + entry.followUpError);
    }
    return parts.join('; ');
  }

  async function showOrder(orderId) {
    $('order-id').value = orderId;
    $('order-result').hidden = true;
    setStatus('order-status', 'looking up ' + orderId + ' …');
    let order;
    try {
      order = await api('orders/' + encodeURIComponent(orderId));
    } catch (e) {
      setStatus('order-status', 'order ' + orderId + ': ' + e.message, true);
      return;
    }
    $('order-value-id').textContent = text(order.orderId);
    $('order-value-state').textContent = text(order.state);
    $('order-value-sequence').textContent = text(order.sequence);
    $('order-value-updated').textContent = text(order.updatedAt);
    const timeline = order.timeline || [];
    const notifications = order.notifications || [];
    fillRows('timeline', timeline, (e) => [cell(e.eventId, 'id'), cell(e.state), cell(e.sequence, 'number'),
      cell(e.occurredAt), cell(e.outcome, 'outcome outcome-' + (e.outcome === 'APPLIED' ? 'applied' : 'other')),
      cell(timelineReason(e), 'reason')]);
    if (timeline.length === 0) {
      emptyRow('timeline', 'no events');
    }
    fillRows('notifications', notifications, (n) => [cell(n.recipient), cell(n.channel),
      cell(n.device), cell(n.template), cell(n.status, statusClass(n.status)),
      cell(n.attempts, 'number'), cell(n.reason, 'reason'), cell(n.updatedAt), cell(n.digestId, 'id')]);
    if (notifications.length === 0) {
      emptyRow('notifications', 'no notifications');
    }
    setStatus('order-status', timeline.length + ' events, ' + notifications.length + ' notifications');
    $('order-result').hidden = false;
  }

  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const orderId = $('order-id').value.trim();
    if (!orderId) {
      return;
    }
    const hash = '#order=' + encodeURIComponent(orderId);
    if (location.hash === hash) {
      showOrder(orderId);
    } else {
      location.hash = hash; // a link to this order (no token in it); route() searches
    }
  });

  // ---- dead letters ---------------------------------------------------------------------------------

  const deadLetters = { offset: 0 };

  async function loadDeadLetters() {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(deadLetters.offset) });
    const channel = $('dl-channel').value.trim();
    const orderId = $('dl-order').value.trim();
    if (channel) {
      query.set('channel', channel);
    }
    if (orderId) {
      query.set('orderId', orderId);
    }
    $('dl-page').textContent = 'loading …';
    let page;
    try {
      page = await api('dead-letters?' + query);
    } catch (e) {
      $('dl-page').textContent = '';
      setStatus('dl-status', 'dead letters: ' + e.message, true);
      return;
    }
    const rows = page.deadLetters || [];
    fillRows('dead-letters', rows, (d) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'replay';
      button.textContent = 'Replay';
      button.addEventListener('click', () => replay(d.id, button));
      const action = document.createElement('td');
      action.className = 'action';
      action.append(button);
      const replayed = d.replayedAt ? d.replayedAt + ': ' + text(d.replayResult) : '';
      return [timeCell(d.failedAt), cell(d.channel), cell(d.orderId, 'id'), cell(d.template), cell(d.recipient, 'wrap'),
        cell(d.address, 'wrap'), cell(d.attempts, 'number'), cell(d.error, 'reason'), timeCell(replayed), action];
    });
    if (rows.length === 0) {
      emptyRow('dead-letters', 'no dead letters' + (channel || orderId ? ' that match' : ''));
    }
    const total = Number(page.total) || 0;
    $('dl-page').textContent = total === 0 ? '' : (page.offset + 1) + '–' + (page.offset + rows.length) + ' of ' + total;
    $('dl-previous').disabled = page.offset <= 0;
    $('dl-next').disabled = page.offset + rows.length >= total;
  }

  async function replay(id, button) {
    button.disabled = true;
    setStatus('dl-status', 'replaying ' + id + ' …');
    try {
      const results = await api('dead-letters/' + encodeURIComponent(id) + '/replay', 'POST');
      const said = (results || []).map((r) => text(r.result)).join(', ');
      setStatus('dl-status', 'replayed ' + id + ': ' + (said || 'nothing to replay'));
    } catch (e) {
      setStatus('dl-status', 'replay of ' + id + ': ' + e.message, true);
    }
    await loadDeadLetters();
  }

  $('dead-letter-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    deadLetters.offset = 0;
    setStatus('dl-status', '');
    loadDeadLetters();
  });
  $('dl-previous').addEventListener('click', () => {
    deadLetters.offset = Math.max(0, deadLetters.offset - PAGE_SIZE);
    loadDeadLetters();
  });
  $('dl-next').addEventListener('click', () => {
    deadLetters.offset += PAGE_SIZE;
    loadDeadLetters();
  });

  // ---- the transition graph -------------------------------------------------------------------------

  let graph = null;

  function transitionsOf(matrix) {
    const edges = [];
    const probabilities = matrix.probabilities || {};
    const counts = matrix.counts || {};
    Object.keys(probabilities).forEach((from) => {
      Object.keys(probabilities[from]).forEach((to) => {
        edges.push({ from: from, to: to, probability: Number(probabilities[from][to]),
          count: counts[from] ? counts[from][to] : undefined });
      });
    });
    return edges;
  }

  function edgeLabel(edge) {
    return edge.probability.toFixed(2) + (edge.count === undefined ? '' : ' (' + edge.count + ')');
  }

  async function loadTransitions() {
    setStatus('transitions-status', 'loading …');
    let matrix;
    try {
      matrix = await api('analytics/transitions');
    } catch (e) {
      setStatus('transitions-status', 'transitions: ' + e.message, true);
      return;
    }
    const edges = transitionsOf(matrix);
    fillRows('transitions', edges, (e) => [cell(e.from), cell(e.to), cell(e.count, 'number'),
      cell(e.probability.toFixed(4), 'number')]);
    if (edges.length === 0) {
      emptyRow('transitions', 'no transition observed yet');
    }
    const observed = [];
    edges.forEach((e) => [e.from, e.to].forEach((s) => {
      if (!observed.includes(s)) {
        observed.push(s);
      }
    }));
    const unseen = (matrix.states || []).filter((s) => !observed.includes(s));
    setStatus('transitions-status', edges.length + ' transitions observed between ' + observed.length + ' states'
      + (unseen.length ? '; no order has entered or left ' + unseen.join(', ') + ' yet' : ''));
    drawGraph(observed, edges);
  }

  function drawGraph(states, edges) {
    if (typeof window.cytoscape !== 'function') {
      setStatus('transitions-status', 'the graph library did not load; the table has the same figures', true);
      return;
    }
    if (graph) {
      graph.destroy();
    }
    // labels are drawn on the canvas by Cytoscape: no API text becomes markup
    const elements = states.map((s) => ({ group: 'nodes', data: { id: 'state:' + s, label: s } }))
      .concat(edges.map((e) => ({ group: 'edges', data: { id: 'edge:' + e.from + '>' + e.to,
        source: 'state:' + e.from, target: 'state:' + e.to, label: edgeLabel(e), probability: e.probability } })));
    graph = window.cytoscape({
      container: $('graph'),
      elements: elements,
      boxSelectionEnabled: false,
      style: [
        { selector: 'node', style: { 'shape': 'round-rectangle', 'width': 150, 'height': 36, 'label': 'data(label)',
          'text-valign': 'center', 'text-halign': 'center', 'font-size': 13, 'color': '#10243e',
          'background-color': '#dbe8f7', 'border-width': 1, 'border-color': '#4a77b4' } },
        { selector: 'edge', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 1.2,
          'width': 'mapData(probability, 0, 1, 1, 5)', 'line-color': '#5b7fa8', 'target-arrow-color': '#5b7fa8',
          'label': 'data(label)', 'font-size': 12, 'color': '#1b1b1b', 'text-background-color': '#ffffff',
          'text-background-opacity': 1, 'text-background-padding': 2 } },
      ],
      layout: { name: 'preset', positions: layered(states, edges), fit: true, padding: 30 },
      maxZoom: 1.4,
    });
  }

  /**
   * Positions in columns, left to right as the lifecycle goes: a state's column is its distance from the
   * states nothing leads to (CREATED), found breadth first, so cycles (a refund declined) point backwards.
   */
  function layered(states, edges) {
    const column = new Map();
    const found = [];
    const visit = (state, depth) => {
      if (!column.has(state)) {
        column.set(state, depth);
        found.push(state);
      }
    };
    states.filter((s) => !edges.some((e) => e.to === s && e.from !== s)).forEach((s) => visit(s, 0));
    for (let i = 0; i < found.length || column.size < states.length; i++) {
      if (i >= found.length) {
        visit(states.find((s) => !column.has(s)), 0); // a cycle nothing leads into
      }
      const from = found[i];
      edges.filter((e) => e.from === from).forEach((e) => visit(e.to, column.get(from) + 1));
    }
    const rows = new Map();
    const positions = {};
    found.forEach((state) => {
      const c = column.get(state);
      const inColumn = found.filter((s) => column.get(s) === c);
      const row = rows.get(c) || 0;
      rows.set(c, row + 1);
      positions['state:' + state] = { x: c * 240, y: (row - (inColumn.length - 1) / 2) * 110 };
    });
    return (node) => positions[node.id()];
  }

  // ---- preview -----------------------------------------------------------------------------------------

  /** The state an order is in before each sample event (docs/examples), so that the sample applies. */
  const SAMPLE_FROM = { created: '', paid: 'CREATED', shipped: 'PAID', completed: 'SHIPPED', cancelled: 'PAID',
    refund_requested: 'COMPLETED', refunded: 'REFUND_REQUESTED' };

  async function loadSample(name) {
    if (!Object.prototype.hasOwnProperty.call(SAMPLE_FROM, name)) {
      return;
    }
    try {
      // served with the page, from the project's docs/examples
      const response = await fetch('examples/' + name + '.json', { cache: 'no-store', redirect: 'error' });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      $('pv-event').value = JSON.stringify(await response.json(), null, 2);
      $('pv-from').value = SAMPLE_FROM[name];
      setStatus('pv-status', '');
    } catch (e) {
      setStatus('pv-status', 'sample ' + name + ': ' + e.message, true);
    }
  }

  /** The pasted event, with the locale picked for its buyer and seller. */
  function eventToPreview() {
    let event;
    try {
      event = JSON.parse($('pv-event').value);
    } catch (notJson) {
      // the service says what is wrong, as the ingest would
      return $('pv-event').value;
    }
    const locale = $('pv-locale').value.trim();
    if (locale && event && typeof event === 'object') {
      ['buyer', 'seller'].forEach((role) => {
        if (event[role] && typeof event[role] === 'object') {
          event[role].locale = locale;
        }
      });
    }
    return JSON.stringify(event);
  }

  function element(tag, className, value) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (value !== undefined) {
      node.textContent = text(value);
    }
    return node;
  }

  function pretty(json) {
    try {
      return JSON.stringify(JSON.parse(json), null, 2);
    } catch (notJson) {
      return text(json);
    }
  }

  function sizeLine(name, payload) {
    const over = payload.bytes > payload.limit;
    return element('p', over ? 'pv-size over' : 'pv-size', name + ': ' + payload.bytes + ' of ' + payload.limit + ' bytes');
  }

  /** The message as its recipient would get it, by channel. Every value goes in as text or as a frame's srcdoc. */
  function contentOf(n) {
    const c = n.content || {};
    const box = element('div', 'pv-content');
    if (c.error) {
      box.append(element('p', 'status error', 'cannot render: ' + c.error));
      return box;
    }
    if (n.channel === 'email') {
      box.append(element('p', 'pv-subject', c.subject));
      const frame = document.createElement('iframe');
      // no token of the sandbox: the mail runs no script, submits no form, and is of no origin
      frame.setAttribute('sandbox', '');
      frame.setAttribute('referrerpolicy', 'no-referrer');
      frame.className = 'pv-mail';
      frame.title = 'mail: ' + text(c.subject);
      frame.srcdoc = text(c.html);
      const alternative = element('details', 'pv-text');
      alternative.append(element('summary', '', 'text alternative'), element('pre', '', c.text));
      box.append(frame, alternative);
    } else if (n.channel === 'sms') {
      box.append(element('pre', 'pv-sms', c.text),
        element('p', 'pv-size', c.length + ' characters, ' + c.encoding + ', ' + c.segments
          + (c.segments === 1 ? ' segment' : ' segments')));
    } else if (n.channel === 'push') {
      box.append(element('p', 'pv-subject', c.title), element('p', '', c.body));
      [['FCM', c.fcm], ['APNs', c.apns]].forEach(([name, payload]) => {
        if (payload) {
          box.append(sizeLine(name, payload), element('pre', 'pv-payload', pretty(payload.payload)));
        }
      });
    } else if (n.channel === 'webhook') {
      const headers = element('table', 'pv-headers');
      const tbody = document.createElement('tbody');
      Object.entries(c.headers || {}).forEach(([name, value]) => {
        const tr = document.createElement('tr');
        tr.append(cell(name), cell(value, 'id'));
        tbody.append(tr);
      });
      headers.append(tbody);
      box.append(headers, element('pre', 'pv-payload', pretty(c.body)));
    } else {
      box.append(element('pre', '', c.text));
    }
    return box;
  }

  function notificationCard(n) {
    const card = element('article', 'pv-card');
    const head = element('header', 'pv-head');
    const about = [n.template, n.role, n.channel, n.priority, n.locale];
    if (n.device) {
      about.push('device ' + n.device);
    }
    if (n.delay) {
      about.push('after ' + n.delay);
    }
    head.append(element('strong', '', about.join(' · ')), element('span', statusClass(n.decision), n.decision));
    if (n.reason) {
      head.append(element('span', 'reason', n.reason));
    }
    card.append(head, contentOf(n));
    return card;
  }

  async function runPreview() {
    const from = $('pv-from').value.trim();
    const query = from ? '?from=' + encodeURIComponent(from) : '';
    setStatus('pv-status', 'previewing …');
    $('pv-result').replaceChildren();
    let answer;
    try {
      answer = await api('preview' + query, 'POST', eventToPreview());
    } catch (e) {
      setStatus('pv-status', 'preview: ' + e.message, true);
      return;
    }
    const notifications = answer.notifications || [];
    if (answer.outcome !== 'APPLIED') {
      setStatus('pv-status', text(answer.outcome) + ': ' + text(answer.reason), true);
      return;
    }
    setStatus('pv-status', 'APPLIED, ' + text(answer.state) + ': ' + notifications.length + ' notifications');
    const cards = notifications.map(notificationCard);
    (answer.cancels || []).forEach((cancel) => {
      cards.push(element('p', 'pv-cancel', 'suppresses pending ' + text(cancel.template) + ': ' + text(cancel.reason)));
    });
    $('pv-result').replaceChildren(...cards);
  }

  $('pv-sample').addEventListener('change', () => loadSample($('pv-sample').value));
  $('preview-form').addEventListener('submit', (event) => {
    event.preventDefault();
    runPreview();
  });

  // ---- views and the address bar ----------------------------------------------------------------------

  function show(view) {
    VIEWS.forEach((v) => {
      $('view-' + v).hidden = v !== view;
    });
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('current', a.dataset.view === view));
  }

  /** #order=SO-1 (a link to an order), #dead-letters, #transitions, #preview; the token is never part of it. */
  function route() {
    const params = new URLSearchParams(location.hash.slice(1));
    const view = VIEWS.find((v) => params.has(v)) || 'order';
    show(view);
    if (!token()) {
      signedIn(false, 'enter the API token (ordercast.api.token) to see orders, dead letters and transitions');
      if (params.get('order')) {
        $('order-id').value = params.get('order');
      }
      return;
    }
    if (view === 'order' && params.get('order')) {
      showOrder(params.get('order'));
    } else if (view === 'dead-letters') {
      loadDeadLetters();
    } else if (view === 'transitions') {
      loadTransitions();
    }
  }

  window.addEventListener('hashchange', route);
  signedIn(Boolean(token()));
  route();
}());
