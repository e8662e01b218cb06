// Lint rules for the Earshot Grafana dashboard, run without Grafana. They follow
// grafana/dashboard-linter (its Go module is not available here) and add Earshot's own: metric
// names from docs/metrics.md (unit-1 gauges with and without the _ratio a Collector adds), the row
// layout, a grid without overlaps. lint() returns a list of
// problems, each "rule: where: what"; an empty list means lint-clean.
import { readFileSync } from 'node:fs';
import { parse, walk, selectors, PromQLError } from './promql.mjs';

export const EXPECTED_TITLE = 'Full-Duplex Voice Assistant - Performance Dashboard';
export const EXPECTED_ROWS = [
  'Service health', 'Latency', 'Streaming stability', 'Throughput', 'Resources', 'Errors and alerts',
  'OpenAI', 'Realtime voice', 'JVM', 'Agent health',
];
export const MIN_SCHEMA_VERSION = 39;
export const PANEL_TYPES = new Set(['timeseries', 'stat', 'gauge']);
// Series that are not Earshot metrics but are always there: Prometheus' own per target, and the
// alert state series Prometheus writes for its rules.
export const WELL_KNOWN_SERIES = new Set(['up', 'target_info', 'ALERTS']);
// Labels every series has besides its documented attributes; those of the well-known series.
const COMMON_LABELS = ['job', 'instance', 'otel_scope_name', 'otel_scope_version'];
const WELL_KNOWN_LABELS = { up: [], ALERTS: ['alertname', 'alertstate', 'severity'] };
// Documented metrics the dashboard deliberately leaves out; anything else documented must appear.
export const NOT_ON_DASHBOARD = new Map([
  ['jvm_class_loaded_total', 'class loading is not a voice-assistant health signal'],
  ['jvm_class_unloaded_total', 'class loading is not a voice-assistant health signal'],
  ['jvm_class_count', 'class loading is not a voice-assistant health signal'],
  ['otel_sdk_exporter_metric_data_point_exported_total', 'the exports of "Agent exports by exporter" and "Failed agent exports" once more, counted in data points'],
  ['otel_sdk_exporter_metric_data_point_inflight', 'data points of the one export waiting for the Collector: its wait is "Time per export"'],
]);

// Grafana unit ids (packages/grafana-data/src/valueFormats/categories.ts), the categories a
// metrics dashboard uses.
export const VALID_UNITS = new Set([
  'none', 'string', 'short', 'percent', 'percentunit', 'sci', 'locale',
  'bytes', 'decbytes', 'bits', 'decbits', 'kbytes', 'deckbytes', 'mbytes', 'decmbytes', 'gbytes', 'decgbytes',
  'pps', 'binBps', 'Bps', 'binbps', 'bps', 'KiBs', 'KBs', 'MiBs', 'MBs', 'GiBs', 'GBs',
  'hertz', 'ns', 'µs', 'ms', 's', 'm', 'h', 'd', 'dtdurationms', 'dtdurations', 'dthms', 'dtdhms', 'clockms', 'clocks',
  'cps', 'ops', 'reqps', 'rps', 'wps', 'iops', 'cpm', 'opm', 'rpm', 'wpm',
  'dateTimeAsIso', 'dateTimeFromNow', 'bool', 'bool_yes_no', 'bool_on_off',
]);

const RATE_FUNCS = new Set(['rate', 'irate', 'increase']);

// The metric families of docs/metrics.md: every table with a "Prometheus name" column.
// Returns Map(name -> { instrument, unit, histogram, labels }); unit is the Unit column without
// its backquotes ('1', 's', 'By', '{request}', ...).
export function loadMetricsDoc(path) {
  const text = readFileSync(path, 'utf8');
  const metrics = new Map();
  let header = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) { header = null; continue; }
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (!header) { header = cells; continue; }
    if (cells.every((c) => /^-+$/.test(c))) continue;
    const col = header.indexOf('Prometheus name');
    const inst = header.indexOf('Instrument');
    if (col < 0) continue;
    const m = /^`([A-Za-z_:][A-Za-z0-9_:]*)`$/.exec(cells[col]);
    if (!m) throw new Error(`docs/metrics.md: cannot read the Prometheus name in: ${line}`);
    const instrument = inst >= 0 ? cells[inst] : '';
    const unitCol = header.indexOf('Unit');
    const unit = unitCol >= 0 ? cells[unitCol].replace(/^`(.*)`$/, '$1') : '';
    const attrCol = header.indexOf('Attributes');
    const labels = new Set(attrCol >= 0 ? [...cells[attrCol].matchAll(/`([a-z][a-z0-9_.]*)`/g)].map((a) => a[1].replace(/\./g, '_')) : []);
    metrics.set(m[1], { instrument, unit, histogram: /^Histogram\b/.test(instrument), labels });
  }
  if (metrics.size === 0) throw new Error('docs/metrics.md: no metrics table found');
  return metrics;
}

// Gauges of unit `1` (utilisations): the agent's embedded exporter names them as docs/metrics.md
// does (system_cpu_utilization), an OpenTelemetry Collector's Prometheus exporter
// (UnderscoreEscapingWithSuffixes) appends _ratio (system_cpu_utilization_ratio). A query takes
// both with {__name__=~"<name>(_ratio)?", ...}, as prometheus/rules/alerts.yml does.
export const RATIO_SUFFIX = '(_ratio)?';
export function unitOneMetrics(metrics) {
  return [...metrics].filter(([, m]) => m.unit === '1').map(([name]) => name);
}

// A selector {__name__=~"<name>(_ratio)?", ...} is read as one of <name> with the other matchers,
// marked ratioAlternative: the other rules check it like a selector by name. Changes the AST.
function readRatioSelectors(ast) {
  for (const { node } of selectors(ast)) {
    if (node.name) continue;
    const byName = node.matchers.filter((m) => m.name === '__name__');
    if (byName.length !== 1 || byName[0].op !== '=~' || !byName[0].value.endsWith(RATIO_SUFFIX)) continue;
    const name = byName[0].value.slice(0, -RATIO_SUFFIX.length);
    if (!/^[A-Za-z_:][A-Za-z0-9_:]*$/.test(name)) continue;
    node.name = name;
    node.ratioAlternative = true;
    node.matchers = node.matchers.filter((m) => m !== byName[0]);
  }
}

// A metric name as used in a query -> the documented family it belongs to, or null.
export function familyOf(name, metrics) {
  if (metrics.has(name) || WELL_KNOWN_SERIES.has(name)) return name;
  const m = /^(.*)_(bucket|count|sum)$/.exec(name);
  if (m && metrics.get(m[1])?.histogram) return m[1];
  return null;
}

// The labels a series of this name carries (documented attributes, plus le for buckets), or null.
export function labelsOf(name, metrics) {
  const family = familyOf(name, metrics);
  if (!family) return null;
  let labels;
  if (family in WELL_KNOWN_LABELS) labels = WELL_KNOWN_LABELS[family];
  else labels = [...metrics.get(family).labels];
  const out = new Set([...COMMON_LABELS, ...labels]);
  if (name.endsWith('_bucket') && family !== name) out.add('le');
  return out;
}

// The labels a query's result series carry: a Set, or null when any label of the selected
// series may be there (a bare selector, a function of one).
export function outputLabels(node, metrics) {
  switch (node.type) {
    case 'paren': case 'offset': case 'unary': return outputLabels(node.expr, metrics);
    case 'number': case 'string': return new Set();
    case 'vector': return labelsOf(node.name, metrics);
    case 'matrix': return outputLabels(node.vector, metrics);
    case 'subquery': return outputLabels(node.expr, metrics);
    case 'aggregation': {
      if (!node.grouping) return new Set(node.op === 'count_values' ? [node.param?.v] : []);
      if (node.grouping.without) return null;
      return new Set(node.grouping.labels);
    }
    case 'call': {
      if (node.func === 'vector' || node.func === 'time' || node.func === 'scalar') return new Set();
      if (node.func === 'histogram_quantile') {
        const inner = outputLabels(node.args[1], metrics);
        return inner && new Set([...inner].filter((x) => x !== 'le'));
      }
      const vec = node.args.find((a) => !['number', 'string'].includes(a.type));
      return vec ? outputLabels(vec, metrics) : new Set();
    }
    case 'binary': {
      const a = outputLabels(node.lhs, metrics);
      const b = outputLabels(node.rhs, metrics);
      if (node.op === 'or') return a && b ? new Set([...a, ...b]) : null;
      if (node.lhs.type === 'number' || node.lhs.type === 'paren' && node.lhs.expr.type === 'number') return b;
      return a;
    }
    default: return null;
  }
}

export function dataPanels(dashboard) {
  return (dashboard.panels || []).filter((p) => p.type !== 'row');
}

function isDatasourceRef(ds) {
  return ds && typeof ds === 'object' && ds.type === 'prometheus' && (ds.uid === '${datasource}' || ds.uid === '$datasource');
}

export function lint(dashboard, metrics, { provisionedDatasourceUid } = {}) {
  const problems = [];
  const add = (rule, where, what) => problems.push(`${rule}: ${where}: ${what}`);

  // Dashboard
  if (!dashboard || typeof dashboard !== 'object') { add('dashboard', 'dashboard', 'not a JSON object'); return problems; }
  if (typeof dashboard.uid !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(dashboard.uid)) {
    add('dashboard-uid', 'dashboard', `uid must be a stable id of 1-40 letters, digits, '-' or '_', is ${JSON.stringify(dashboard.uid)}`);
  }
  if (dashboard.title !== EXPECTED_TITLE) add('dashboard-title', 'dashboard', `title is ${JSON.stringify(dashboard.title)}`);
  if (!(Number.isInteger(dashboard.schemaVersion) && dashboard.schemaVersion >= MIN_SCHEMA_VERSION)) {
    add('dashboard-schema-version', 'dashboard', `schemaVersion ${dashboard.schemaVersion} < ${MIN_SCHEMA_VERSION}`);
  }
  if (dashboard.editable !== false) add('uneditable-dashboard-rule', 'dashboard', "is editable, it should be set to 'editable: false'");
  if ('id' in dashboard && dashboard.id !== null) add('dashboard-id', 'dashboard', 'a provisioned dashboard has no numeric id (null or absent)');
  if (dashboard.__inputs || JSON.stringify(dashboard).includes('${DS_')) {
    add('dashboard-inputs', 'dashboard', 'import inputs (__inputs, ${DS_...}) do not work in provisioned dashboards');
  }

  // Template variables
  const vars = dashboard.templating?.list || [];
  const byName = new Map(vars.map((v) => [v.name, v]));
  const ds = byName.get('datasource');
  if (!ds || ds.type !== 'datasource' || ds.query !== 'prometheus') {
    add('template-datasource-rule', 'templating', "needs a variable 'datasource' of type datasource, query prometheus");
  } else {
    if (ds.label !== 'Data source') add('template-datasource-rule', 'templating', "datasource variable should be labeled 'Data source'");
    if (provisionedDatasourceUid && ds.current?.value !== provisionedDatasourceUid) {
      add('template-datasource-default', 'templating', `datasource variable should default to the provisioned uid ${provisionedDatasourceUid}, is ${JSON.stringify(ds.current?.value)}`);
    }
  }
  if (vars.filter((v) => v.type === 'datasource').length !== 1) add('template-datasource-rule', 'templating', 'exactly one datasource variable');
  for (const name of ['job', 'instance']) {
    const rule = `template-${name}-rule`;
    const v = byName.get(name);
    if (!v) { add(rule, 'templating', `is missing the ${name} template`); continue; }
    const label = name[0].toUpperCase() + name.slice(1);
    if (v.type !== 'query') add(rule, `variable ${name}`, `should be a Prometheus query, is ${v.type}`);
    if (!isDatasourceRef(v.datasource)) add(rule, `variable ${name}`, "should use datasource '${datasource}'");
    if (v.label !== label) add(rule, `variable ${name}`, `should be labeled '${label}'`);
    if (v.multi !== true) add(rule, `variable ${name}`, 'should be a multi select');
    if (v.includeAll !== true) add(rule, `variable ${name}`, "should offer 'All'");
    if (v.allValue !== '.+') add(rule, `variable ${name}`, `allValue should be '.+', is ${JSON.stringify(v.allValue)}`);
    const query = typeof v.query === 'string' ? v.query : v.query?.query;
    const m = /^label_values\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/.exec(query || '');
    if (!m || m[2] !== name) {
      add('template-label-promql-rule', `variable ${name}`, `query should be label_values(<selector>, ${name}), is ${JSON.stringify(query)}`);
    } else {
      try {
        const ast = parse(m[1]);
        for (const { node } of selectors(ast)) {
          if (!familyOf(node.name, metrics)) add('template-label-promql-rule', `variable ${name}`, `unknown metric ${node.name}`);
        }
      } catch (e) {
        add('template-label-promql-rule', `variable ${name}`, e.message);
      }
      if (name === 'instance' && !/job=~"\$job"/.test(m[1])) add(rule, 'variable instance', 'should be filtered by job=~"$job"');
    }
  }
  for (const v of vars) {
    if (v.type === 'query' && v.refresh !== 2) {
      add('template-on-time-change-reload-rule', `variable ${v.name}`, `refresh should be 2 (on time range change), is ${v.refresh}`);
    }
  }

  // Panels: ids, types, rows, grid
  const panels = dashboard.panels || [];
  const ids = new Map();
  const titles = new Map();
  for (const p of panels) {
    const where = `panel ${JSON.stringify(p.title)}`;
    if (!Number.isInteger(p.id) || p.id <= 0) add('panel-id', where, `id must be a positive integer, is ${JSON.stringify(p.id)}`);
    else if (ids.has(p.id)) add('panel-id', where, `id ${p.id} also used by panel ${JSON.stringify(ids.get(p.id))}`);
    else ids.set(p.id, p.title);
    if (typeof p.title !== 'string' || !p.title.trim()) add('panel-title-description-rule', `panel id ${p.id}`, 'has no title');
    else if (titles.has(p.title)) add('panel-title', where, 'title used twice');
    else titles.set(p.title, p.id);
    if (p.type !== 'row' && !PANEL_TYPES.has(p.type)) add('panel-type', where, `type ${p.type} is not one of ${[...PANEL_TYPES].join(', ')}`);
    if (p.type === 'row' && p.collapsed) add('panel-row', where, 'rows are expanded (collapsed rows hide their panels in "panels")');
    const g = p.gridPos;
    if (!g || ![g.x, g.y, g.w, g.h].every(Number.isInteger)) { add('panel-grid', where, 'gridPos needs integer x, y, w, h'); continue; }
    if (g.x < 0 || g.y < 0 || g.w < 1 || g.h < 1 || g.x + g.w > 24) add('panel-grid', where, `gridPos ${JSON.stringify(g)} leaves the 24-column grid`);
    if (p.type === 'row' && (g.x !== 0 || g.w !== 24 || g.h !== 1)) add('panel-row', where, 'a row spans the full width with height 1');
  }
  for (let i = 0; i < panels.length; i++) {
    for (let j = i + 1; j < panels.length; j++) {
      const a = panels[i].gridPos;
      const b = panels[j].gridPos;
      if (!a || !b) continue;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) {
        add('panel-grid', `panels ${JSON.stringify(panels[i].title)} and ${JSON.stringify(panels[j].title)}`, 'overlap');
      }
    }
  }
  // Rows in order, each panel below its row (and above the next one), in array order too.
  const rows = panels.filter((p) => p.type === 'row');
  const rowTitles = rows.map((r) => r.title);
  if (JSON.stringify(rowTitles) !== JSON.stringify(EXPECTED_ROWS)) {
    add('dashboard-rows', 'dashboard', `rows are ${JSON.stringify(rowTitles)}, expected ${JSON.stringify(EXPECTED_ROWS)}`);
  }
  const sorted = [...panels].filter((p) => p.gridPos).sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
  if (JSON.stringify(sorted.map((p) => p.id)) !== JSON.stringify(panels.map((p) => p.id))) {
    add('dashboard-rows', 'dashboard', 'panels should be listed in reading order (by gridPos y, then x), so each follows its row');
  }
  if (panels.length && panels[0].type !== 'row') add('dashboard-rows', 'dashboard', 'the first panel should be a row');
  for (let i = 0; i < rows.length; i++) {
    const start = panels.indexOf(rows[i]);
    const end = i + 1 < rows.length ? panels.indexOf(rows[i + 1]) : panels.length;
    if (end - start < 2) add('dashboard-rows', `row ${JSON.stringify(rows[i].title)}`, 'has no panels');
  }

  // Data panels and their queries
  const used = new Set();
  for (const p of dataPanels(dashboard)) {
    const where = `panel ${JSON.stringify(p.title)}`;
    if (typeof p.description !== 'string' || p.description.trim().length < 20) add('panel-title-description-rule', where, 'needs a description');
    const unit = p.fieldConfig?.defaults?.unit;
    if (!unit) add('panel-units-rule', where, 'has no unit (fieldConfig.defaults.unit)');
    else if (!VALID_UNITS.has(unit)) add('panel-units-rule', where, `invalid unit ${JSON.stringify(unit)}`);
    for (const o of p.fieldConfig?.overrides || []) {
      for (const prop of o.properties || []) {
        if (prop.id === 'unit' && !VALID_UNITS.has(prop.value)) add('panel-units-rule', where, `invalid override unit ${JSON.stringify(prop.value)}`);
      }
    }
    if (!isDatasourceRef(p.datasource)) add('panel-datasource-rule', where, "should use the templated datasource {type: prometheus, uid: '${datasource}'}");
    const targets = p.targets || [];
    if (targets.length === 0) add('panel-no-targets-rule', where, 'has no targets');
    const refIds = new Set();
    let allSecondsQuantiles = targets.length > 0;
    targets.forEach((t, idx) => {
      const tw = `${where} target ${t.refId || idx}`;
      if (typeof t.refId !== 'string' || !/^[A-Z]$/.test(t.refId)) add('target-refid', tw, `refId should be a letter A-Z, is ${JSON.stringify(t.refId)}`);
      else if (refIds.has(t.refId)) add('target-refid', tw, 'refId used twice');
      refIds.add(t.refId);
      if (t.datasource !== undefined && !isDatasourceRef(t.datasource)) add('panel-datasource-rule', tw, "target should use the templated datasource '${datasource}'");
      if (t.hide) add('target-hidden', tw, 'hidden targets are not checked against Prometheus; remove it');
      if (typeof t.expr !== 'string' || !t.expr.trim()) { add('target-promql-rule', tw, 'has no expr'); allSecondsQuantiles = false; return; }
      const problemsBefore = problems.length;
      const varsUsed = [...t.expr.matchAll(/\$(\{)?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[2]);
      for (const v of varsUsed) {
        if (!['job', 'instance', '__rate_interval'].includes(v)) add('target-variables', tw, `uses $${v}; only $job, $instance and $__rate_interval are substituted by the tests`);
      }
      let ast;
      try {
        ast = parse(t.expr);
      } catch (e) {
        if (!(e instanceof PromQLError)) throw e;
        add('target-promql-rule', tw, e.message);
        allSecondsQuantiles = false;
        return;
      }
      readRatioSelectors(ast);
      walk(ast, (n, parents) => {
        const parent = parents[parents.length - 1];
        if (n.type === 'matrix' || n.type === 'subquery') {
          if (n.type === 'subquery') add('target-rate-interval-rule', tw, 'subqueries are not used: rate over a range selector');
          if (!(n.range.kind === 'var' && n.range.name === '__rate_interval')) {
            add('target-rate-interval-rule', tw, `range [${n.range.v}] should be [$__rate_interval]`);
          }
          if (!(parent?.type === 'call' && RATE_FUNCS.has(parent.func))) add('target-rate-interval-rule', tw, 'a range selector belongs in rate(), irate() or increase()');
        }
        if (n.type === 'call' && RATE_FUNCS.has(n.func) && n.args[0]?.type !== 'matrix') {
          add('target-rate-interval-rule', tw, `${n.func}() needs a range selector`);
        }
        if (n.type === 'call' && n.func === 'histogram_quantile') {
          const inner = n.args[1]?.type === 'paren' ? n.args[1].expr : n.args[1];
          if (!(inner?.type === 'aggregation' && inner.op === 'sum' && inner.grouping && !inner.grouping.without && inner.grouping.labels.includes('le'))) {
            add('target-histogram-rule', tw, 'histogram_quantile() over sum by (le, ...) (rate(..._bucket[$__rate_interval]))');
          }
          const q = n.args[0];
          if (!(q?.type === 'number' && q.v >= 0 && q.v <= 1)) add('target-histogram-rule', tw, 'quantile should be a number between 0 and 1');
        }
        if (n.type === 'aggregation' && n.grouping?.without) add('target-aggregation', tw, "use 'by (...)', not 'without': the series carry scope and resource labels");
        if (n.type === 'aggregation' && n.grouping && !n.grouping.without) {
          const available = new Set();
          const below = selectors(n.expr).map(({ node: v }) => labelsOf(v.name, metrics));
          for (const set of below) for (const l of set || []) available.add(l);
          // an unknown metric is reported on its own; its labels are unknown too
          if (!below.includes(null)) for (const l of n.grouping.labels) {
            if (!available.has(l)) add('target-label-names', tw, `${n.op} by (${l}): no selector below has a label ${l}`);
          }
        }
      });
      for (const { node, parents } of selectors(ast)) {
        if (!node.name) { add('target-promql-rule', tw, 'selector without a metric name'); continue; }
        if (node.matchers.some((m) => m.name === '__name__')) add('target-promql-rule', tw, 'select metrics by name, not __name__');
        const family = familyOf(node.name, metrics);
        if (!family) add('target-metric-names', tw, `${node.name} is not in docs/metrics.md (Prometheus name column, or _bucket/_count/_sum of a histogram there)`);
        else used.add(family);
        if (!node.ratioAlternative && family === node.name && metrics.get(family)?.unit === '1') {
          add('target-ratio-suffix', tw, `${node.name} has unit 1 in docs/metrics.md, a Collector exports it as ${node.name}_ratio: select {__name__=~"${node.name}${RATIO_SUFFIX}",...}`);
        }
        if (node.ratioAlternative && family && metrics.get(family)?.unit !== '1') {
          add('target-ratio-suffix', tw, `{__name__=~"${node.name}${RATIO_SUFFIX}"}: ${node.name} does not have unit 1 in docs/metrics.md, no exporter adds _ratio to it: select it by name`);
        }
        const job = node.matchers.filter((m) => m.name === 'job');
        const inst = node.matchers.filter((m) => m.name === 'instance');
        if (!(job.length === 1 && job[0].op === '=~' && job[0].value === '$job')) add('target-job-rule', tw, `${node.name} needs job=~"$job"`);
        if (!(inst.length === 1 && inst[0].op === '=~' && inst[0].value === '$instance')) add('target-instance-rule', tw, `${node.name} needs instance=~"$instance"`);
        const known = labelsOf(node.name, metrics);
        for (const m of node.matchers) {
          if (known && !known.has(m.name)) add('target-label-names', tw, `${node.name} has no label ${m.name} (docs/metrics.md attributes)`);
          if (m.name === 'job' || m.name === 'instance') continue;
          if (m.value.includes('$')) add('target-variables', tw, `matcher ${m.name} uses a variable`);
          if (m.op === '=~' || m.op === '!~') {
            try { new RegExp(`^(?:${m.value})$`); } catch (e) { add('target-promql-rule', tw, `matcher ${m.name}: invalid regex ${m.value}`); }
          }
        }
        const parent = parents[parents.length - 1];
        const grand = parents[parents.length - 2];
        const isRated = parent?.type === 'matrix' && grand?.type === 'call' && RATE_FUNCS.has(grand.func);
        const histogramPart = family && family !== node.name;
        if ((/_total$/.test(node.name) || histogramPart) && !isRated) {
          add('target-counter-agg-rule', tw, `counter ${node.name} is not inside rate(), irate() or increase()`);
        }
        if (/_bucket$/.test(node.name) && !parents.some((a) => a.type === 'call' && a.func === 'histogram_quantile')) {
          add('target-histogram-rule', tw, `${node.name} is not inside histogram_quantile()`);
        }
      }
      const out = outputLabels(ast, metrics);
      for (const [, label] of String(t.legendFormat || '').matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) {
        if (out && !out.has(label)) add('target-legend', tw, `legend uses {{${label}}}, which the query's result does not have (it has: ${[...out].join(', ') || 'no labels'})`);
      }
      const top = ast.type === 'paren' ? ast.expr : ast;
      const isSecondsQuantile = top.type === 'call' && top.func === 'histogram_quantile' &&
        selectors(top).every(({ node }) => /_seconds_bucket$/.test(node.name));
      if (!isSecondsQuantile) allSecondsQuantiles = false;
      if (problems.length > problemsBefore) allSecondsQuantiles = false;
    });
    if (allSecondsQuantiles && unit !== 's') add('panel-units-rule', where, `quantiles of _seconds histograms should have unit 's', not ${JSON.stringify(unit)}`);
  }
  for (const [name] of metrics) {
    if (!used.has(name) && !NOT_ON_DASHBOARD.has(name)) add('dashboard-coverage', 'dashboard', `documented metric ${name} is on no panel (add it or list it in NOT_ON_DASHBOARD)`);
  }
  for (const name of NOT_ON_DASHBOARD.keys()) {
    if (!metrics.has(name)) add('dashboard-coverage', 'dashboard', `NOT_ON_DASHBOARD lists ${name}, which docs/metrics.md does not document`);
    if (used.has(name)) add('dashboard-coverage', 'dashboard', `NOT_ON_DASHBOARD lists ${name}, which a panel uses`);
  }
  return problems;
}

// Grafana's substitution of the variables the dashboard uses, for running its queries elsewhere.
// Values are regular expressions (the variables are multi-value regex matchers); the All value is '.+'.
export function substitute(expr, { job = '.+', instance = '.+', rateInterval = '1m' } = {}) {
  const values = { job, instance, __rate_interval: rateInterval };
  const out = expr.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[A-Za-z]+)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a, b) => {
    const name = a || b;
    if (!(name in values)) throw new Error(`no value for $${name} in: ${expr}`);
    const v = values[name];
    // inside a double-quoted label value: escape for PromQL
    return name === '__rate_interval' ? v : v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  });
  return out.replace(/\s*\n\s*/g, ' ');
}

// Queries whose series exist only after a particular event, with what provokes it (measured on
// the demo with the OpenAI simulator): the end-to-end test either provokes these or accepts them
// empty. Every other query returns data as soon as the demo's HTTP traffic and voice callers run.
export const EVENT_DRIVEN = {
  'Abnormal WebSocket closes/A': 'a WebSocket ending without a close frame (kill -9 a voice caller process)',
  'WebSocket connection duration/A': 'a closed WebSocket connection in the rate interval (NaN quantiles without one)',
  'WebSocket connection duration/B': 'a closed WebSocket connection in the rate interval (NaN quantiles without one)',
  'WebSocket disconnections by close code/A': 'a closed WebSocket connection',
  'HTTP errors by status code/A': 'a 4xx or 5xx response (the demo\'s lookups of a missing session: 404)',
  'Rate-limit violations/A': 'the application answering 429 (POST /api/sessions past its session rate limit, about 20 in a burst)',
  'Rate-limit violations/B': 'OpenAI answering 429 (simulator: POST /_simulator/config {"error429Rate":0.2})',
  'Application errors/A': 'an exception escaping a handler (the demo\'s GET /api/debug/fail)',
  'Application errors/B': 'a WebSocket send that fails (not provoked by the demo)',
  'OpenAI errors and retries/A': 'an OpenAI call ending in an error (simulator error429Rate or error500Rate)',
  'OpenAI errors and retries/B': 'an OpenAI SDK retry (simulator error429Rate or error500Rate)',
  'Agent exports by exporter/B': 'the agent\'s Prometheus endpoint scraped, or its console exporter (an agent that only pushes OTLP has neither)',
  'Failed agent exports/A': 'an OTLP export that fails, then one that gets through to report it (a Collector answering 503, or hung for longer than the OTLP timeout)',
  'Failed agent exports/B': 'a scrape or console push that fails',
  'Time per export/B': 'the agent\'s Prometheus endpoint scraped, or its console exporter (an agent that only pushes OTLP has neither)',
};

export function panelQueries(dashboard) {
  const out = [];
  let row = '';
  for (const p of dashboard.panels || []) {
    if (p.type === 'row') { row = p.title; continue; }
    for (const t of p.targets || []) {
      if (!t.hide && t.expr) {
        out.push({ row, panelId: p.id, panel: p.title, refId: t.refId, needs: EVENT_DRIVEN[`${p.title}/${t.refId}`] || '', expr: t.expr });
      }
    }
  }
  return out;
}
