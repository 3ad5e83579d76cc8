// ordercast operator's page: order search, dead letters with replay, the observed state-transition graph.
// Every API call carries "Authorization: Bearer <token>"; the token lives in this tab's sessionStorage only
// (never localStorage, never in a URL). Whatever the API answers is put into the page with textContent.
'use strict';

(function () {
  const TOKEN_KEY = 'ordercast.apiToken';
  const PAGE_SIZE = 20;
  const VIEWS = ['order', 'dead-letters', 'transitions'];
  const STATUSES = ['PENDING', 'SENT', 'FAILED', 'SUPPRESSED', 'DEFERRED'];
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

  async function api(path, method) {
    const bearer = token();
    if (!bearer) {
      signedIn(false, 'enter the API token (ordercast.api.token) first');
      throw new ApiError(401, 'no API token entered');
    }
    // relative to /ui/, so that the page also works behind a proxy that mounts the service under a prefix
    const response = await fetch('../api/' + path, {
      method: method || 'GET',
      headers: { 'Authorization': 'Bearer ' + bearer, 'Accept': 'application/json' },
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

  // ---- views and the address bar ----------------------------------------------------------------------

  function show(view) {
    VIEWS.forEach((v) => {
      $('view-' + v).hidden = v !== view;
    });
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('current', a.dataset.view === view));
  }

  /** #order=SO-1 (a link to an order), #dead-letters, #transitions; the token is never part of it. */
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
