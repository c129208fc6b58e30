// Liftgate live dashboard: subscribes over graphql-ws to experimentResults and anomalySignals
// and redraws as the gateway pushes. Configuration: /config.json (written by serve.ts from its
// environment), each value overridable by a query parameter (?environment=…&experiment=…).
import { createClient } from 'graphql-ws';

const RESULTS = `subscription DashboardResults($environmentKey: String!, $experimentKey: String!) {
  experimentResults(environmentKey: $environmentKey, experimentKey: $experimentKey) {
    computedAt
    exposures { variant { key } subjects observedShare }
    metrics {
      metric { name }
      verdict
      comparisons { variant { key } pValue significant absoluteLift { estimate ciLower ciUpper } relativeLift { estimate ciLower ciUpper } }
    }
  }
}`;

const SIGNALS = `subscription DashboardSignals($environmentKey: String!) {
  anomalySignals(environmentKey: $environmentKey) {
    id bucket observed expected lower upper direction severity status metric { name }
  }
}`;

const $ = (id) => document.getElementById(id);
const text = (value) => document.createTextNode(String(value));
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const signed = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

function setStatus(state, message) {
  $('status').dataset.state = state;
  $('status').textContent = message;
}

/** A horizontal interval plot: the relative-lift CI as a bar, the estimate as a dot, 0 dashed. */
function liftPlot(lift) {
  const width = 320, height = 24, pad = 10;
  const span = Math.max(Math.abs(lift.ciLower), Math.abs(lift.ciUpper), 0.01) * 1.1;
  const x = (v) => pad + ((v + span) / (2 * span)) * (width - 2 * pad);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  const line = (cls, x1, x2, y1 = height / 2, y2 = height / 2) => {
    const l = document.createElementNS(ns, 'line');
    Object.entries({ class: cls, x1, x2, y1, y2 }).forEach(([k, v]) => l.setAttribute(k, v));
    svg.append(l);
  };
  line('zero', x(0), x(0), 2, height - 2);
  line('ci', x(lift.ciLower), x(lift.ciUpper));
  const dot = document.createElementNS(ns, 'circle');
  Object.entries({ class: 'estimate', cx: x(lift.estimate), cy: height / 2, r: 5 }).forEach(([k, v]) => dot.setAttribute(k, v));
  svg.append(dot);
  return svg;
}

function drawResults(results) {
  $('computed-at').textContent = `computed ${new Date(results.computedAt).toLocaleTimeString()}`;
  const rows = results.exposures.map((e) => {
    const tr = document.createElement('tr');
    tr.dataset.variant = e.variant.key;
    for (const cell of [e.variant.key, e.subjects, pct(e.observedShare)]) tr.append(Object.assign(document.createElement('td'), { textContent: cell }));
    return tr;
  });
  $('exposures').tBodies[0].replaceChildren(...rows);
  const metrics = results.metrics.map((m) => {
    const div = document.createElement('div');
    div.className = 'metric';
    div.dataset.metric = m.metric.name;
    const h = document.createElement('h3');
    const verdict = Object.assign(document.createElement('span'), { className: 'verdict', textContent: m.verdict });
    verdict.dataset.verdict = m.verdict;
    h.append(text(`${m.metric.name} `), verdict);
    div.append(h);
    for (const c of m.comparisons) {
      const row = document.createElement('div');
      row.className = 'comparison';
      row.dataset.variant = c.variant.key;
      const r = c.relativeLift;
      row.append(text(`${c.variant.key} vs control: ${signed(r.estimate)} [${signed(r.ciLower)}, ${signed(r.ciUpper)}], p = ${c.pValue.toPrecision(2)} `), liftPlot(r));
      div.append(row);
    }
    return div;
  });
  $('metrics').replaceChildren(...metrics);
}

function drawSignal(signal) {
  const existing = document.querySelector(`#signals li[data-id="${CSS.escape(signal.id)}"]`);
  const li = existing ?? document.createElement('li');
  li.dataset.id = signal.id;
  li.dataset.severity = signal.severity;
  li.dataset.status = signal.status;
  li.textContent = `${signal.metric.name}: ${signal.direction} ${signal.severity} (${signal.status}) at ${signal.bucket} — observed ${signal.observed}, expected ${signal.expected.toFixed(1)} [${signal.lower.toFixed(1)}, ${signal.upper.toFixed(1)}]`;
  if (!existing) $('signals').prepend(li);
}

async function main() {
  const config = await fetch('./config.json').then((r) => r.json());
  const params = new URLSearchParams(location.search);
  const gateway = params.get('gateway') ?? config.gateway;
  const token = params.get('token') ?? config.token;
  const environmentKey = params.get('environment') ?? config.environment;
  const experimentKey = params.get('experiment') ?? config.experiment;
  $('experiment-key').textContent = experimentKey;
  $('environment-key').textContent = environmentKey;

  const client = createClient({
    url: gateway,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Infinity,
    on: {
      connected: () => setStatus('live', 'live'),
      closed: (event) => setStatus('error', `disconnected (${event?.code ?? ''} ${event?.reason ?? ''})`),
    },
  });
  const subscribe = (query, variables, onData) =>
    client.subscribe({ query, variables }, {
      next: ({ data, errors }) => (errors ? setStatus('error', errors.map((e) => e.extensions?.code ?? e.message).join(', ')) : onData(data)),
      error: (error) => setStatus('error', String(error?.message ?? error?.reason ?? error)),
      complete: () => {},
    });
  subscribe(RESULTS, { environmentKey, experimentKey }, (data) => drawResults(data.experimentResults));
  subscribe(SIGNALS, { environmentKey }, (data) => drawSignal(data.anomalySignals));
}

main().catch((error) => setStatus('error', String(error)));
