// Lint test of the Grafana dashboard and provisioning, without Grafana: node --test grafana/test/
// The dashboard must be lint-clean (dashboard-lint.mjs: grafana/dashboard-linter's rules plus
// Earshot's), and each rule is shown to catch the mistake it is for on a broken copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  lint, loadMetricsDoc, dataPanels, panelQueries, substitute, unitOneMetrics, EXPECTED_ROWS, EXPECTED_TITLE, EVENT_DRIVEN,
} from './dashboard-lint.mjs';
import { parse, PromQLError } from './promql.mjs';
import { parseYaml } from './yaml.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const GRAFANA = join(HERE, '..');
const REPO = join(GRAFANA, '..');
const DASHBOARD_PATH = join(GRAFANA, 'dashboards', 'voice-assistant-performance.json');
const DASHBOARD_TEXT = readFileSync(DASHBOARD_PATH, 'utf8');
const METRICS = loadMetricsDoc(join(REPO, 'docs', 'metrics.md'));
const DATASOURCES = parseYaml(readFileSync(join(GRAFANA, 'provisioning', 'datasources', 'prometheus.yml'), 'utf8'));
const PROVIDERS = parseYaml(readFileSync(join(GRAFANA, 'provisioning', 'dashboards', 'earshot.yml'), 'utf8'));
const DS_UID = DATASOURCES.datasources?.[0]?.uid;

const load = () => JSON.parse(DASHBOARD_TEXT);
const lintOf = (d) => lint(d, METRICS, { provisionedDatasourceUid: DS_UID });
const panel = (d, title) => {
  const p = d.panels.find((x) => x.title === title);
  assert.ok(p, `panel ${title}`);
  return p;
};

test('the dashboard is valid JSON with a stable uid and the seed title', () => {
  const d = load();
  assert.equal(d.uid, 'earshot-voice-performance');
  assert.equal(d.title, EXPECTED_TITLE);
  assert.ok(d.schemaVersion >= 39);
});

test('the dashboard is lint-clean', () => {
  assert.deepEqual(lintOf(load()), []);
});

test('rows are the seed six, then OpenAI, realtime voice, JVM and agent health', () => {
  assert.deepEqual(load().panels.filter((p) => p.type === 'row').map((p) => p.title), EXPECTED_ROWS);
});

test('docs/metrics.md is read: names, histograms, attributes', () => {
  assert.ok(METRICS.size >= 40, `${METRICS.size} metrics`);
  assert.equal(METRICS.get('http_server_request_duration_seconds').histogram, true);
  assert.equal(METRICS.get('websocket_connections_active').histogram, false);
  assert.ok(METRICS.get('conversation_turns_total').labels.has('conversation_role'));
  assert.ok(METRICS.get('websocket_send_duration_seconds').labels.has('error_type'));
  assert.ok(METRICS.has('target_info'));
  assert.equal(METRICS.get('http_server_request_duration_seconds').unit, 's');
  assert.equal(METRICS.get('jvm_memory_used_bytes').unit, 'By');
  assert.equal(METRICS.get('websocket_connections_active').unit, '{connection}');
});

test('docs/metrics.md: the unit-1 gauges (a Collector adds _ratio to their names)', () => {
  assert.deepEqual(unitOneMetrics(METRICS), ['system_cpu_utilization', 'process_cpu_utilization', 'jvm_cpu_recent_utilization']);
});

test('every query of a unit-1 gauge takes both names, <name> and <name>_ratio', () => {
  const exprs = panelQueries(load()).map((q) => q.expr);
  for (const name of unitOneMetrics(METRICS)) {
    const uses = exprs.filter((e) => new RegExp(`\\b${name}\\b`).test(e));
    assert.ok(uses.length > 0, `${name} is on no panel`);
    for (const e of uses) assert.ok(e.includes(`{__name__=~"${name}(_ratio)?",job=~"$job",instance=~"$instance"}`), e);
  }
  // the rule is there: each of them by its bare name is an error
  for (const name of unitOneMetrics(METRICS)) {
    const d = load();
    const t = dataPanels(d).flatMap((p) => p.targets).find((x) => x.expr.includes(`"${name}(_ratio)?"`));
    t.expr = t.expr.replace(`{__name__=~"${name}(_ratio)?",`, `${name}{`);
    const problems = lintOf(d);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], new RegExp(`^target-ratio-suffix: panel "[^"]+" target [A-Z]: ${name} has unit 1 in docs/metrics.md`));
  }
});

test('the panels the brief names are there, with their units', () => {
  const d = load();
  const units = Object.fromEntries(dataPanels(d).map((p) => [p.title, p.fieldConfig.defaults.unit]));
  const expected = {
    'Service status': 'none',
    'HTTP request rate': 'reqps',
    'End-to-end voice response latency (server side)': 's',
    'Barge-in latency': 's',
    'Component latency p95: ASR, LLM time to first token, TTS': 's',
    'Abnormal WebSocket closes': 'cps',
    'WebSocket payload throughput': 'Bps',
    'System CPU': 'percentunit',
    'System memory used': 'percentunit',
    'Process memory': 'bytes',
    'Firing alerts': 'short',
    'OpenAI operations': 'reqps',
    'LLM time to first token': 's',
    'Tokens per second': 'short',
    'Rate-limit headroom: requests': 'short',
    'Rate-limit headroom: tokens': 'short',
    'Conversation turns': 'cps',
    'Interruptions (barge-ins)': 'cps',
    'Voice response latency p95 by endpoint': 's',
    'Transcription delay': 's',
    'Responses by status': 'cps',
    'GC pause p95': 's',
    Heap: 'bytes',
  };
  for (const [title, unit] of Object.entries(expected)) assert.equal(units[title], unit, title);
  assert.match(panel(d, 'End-to-end voice response latency (server side)').description, /browser/);
  const e2e = panel(d, 'End-to-end voice response latency (server side)').targets.map((t) => t.expr);
  assert.deepEqual(e2e.map((e) => /^histogram_quantile\((0\.\d+),/.exec(e)[1]), ['0.5', '0.95', '0.99']);
  assert.ok(e2e.every((e) => e.includes('sum by (le, websocket_side) (rate(conversation_response_latency_seconds_bucket{job=~"$job",instance=~"$instance"}[$__rate_interval]))')));
});

test('thresholds match the seed alerts', () => {
  const d = load();
  const steps = (title) => panel(d, title).fieldConfig.defaults.thresholds.steps.map((s) => s.value);
  assert.equal(steps('End-to-end voice response latency (server side)').at(-1), 2);
  assert.equal(steps('Barge-in latency').at(-1), 0.5);
  assert.equal(steps('System CPU').at(-1), 0.9);
  assert.equal(steps('System memory used').at(-1), 0.85);
});

test('panel types are timeseries, stat and gauge, all three used', () => {
  const types = new Set(dataPanels(load()).map((p) => p.type));
  assert.deepEqual([...types].sort(), ['gauge', 'stat', 'timeseries']);
});

test('provisioning: the Prometheus datasource and the dashboards folder', () => {
  assert.equal(DATASOURCES.apiVersion, 1);
  assert.equal(DATASOURCES.datasources.length, 1);
  const ds = DATASOURCES.datasources[0];
  assert.equal(ds.type, 'prometheus');
  assert.equal(ds.uid, 'earshot-prometheus');
  assert.equal(ds.url, '${PROMETHEUS_URL}');
  assert.equal(ds.access, 'proxy');
  assert.equal(ds.jsonData.timeInterval, '15s');
  assert.equal(PROVIDERS.apiVersion, 1);
  assert.equal(PROVIDERS.providers.length, 1);
  const pr = PROVIDERS.providers[0];
  assert.equal(pr.type, 'file');
  assert.equal(pr.options.path, '/var/lib/grafana/dashboards/earshot');
  assert.equal(pr.allowUiUpdates, false);
  // the dashboard's datasource variable defaults to the provisioned datasource
  const v = load().templating.list.find((x) => x.name === 'datasource');
  assert.equal(v.current.value, ds.uid);
});

test('YAML reader: the subset the provisioning files use, errors outside it', () => {
  assert.deepEqual(parseYaml('a: 1\nb:\n  - c: "x"\n    d: true\n  - e\n# comment\nf: $X # note\n'), { a: 1, b: [{ c: 'x', d: true }, 'e'], f: '$X' });
  assert.throws(() => parseYaml('a: 1\na: 2\n'), /duplicate key a/);
  assert.throws(() => parseYaml('a:\n\t- b\n'), /tab/);
  assert.throws(() => parseYaml('a: [1, 2]\n'), /unsupported syntax/);
});

test('PromQL parser: accepts the PromQL forms the dashboard uses, rejects broken ones', () => {
  for (const ok of [
    'sum by (le) (rate(a_bucket{job=~"$job"}[$__rate_interval]))',
    'max by (job, instance) (up{job=~"x"}) or max by (job, instance) (target_info)',
    '(sum(rate(a_total[5m])) or vector(0)) / sum(rate(b_total[1m30s]))',
    'a / on (job) group_left (x) b > bool 0.5',
    'histogram_quantile(0.95, sum(rate(a_bucket[1m])) by (le))',
    '-2 ^ 2 ^ 3 * x offset 5m',
    'count(ALERTS{alertstate="firing"}) or vector(0)',
    'rate(x[5m:1m])',
  ]) assert.doesNotThrow(() => parse(ok), ok);
  const bad = {
    'sum(rate(a_total[5m])': /unclosed '\('/,
    'sum(rate(a_total[5m])))': /unbalanced '\)'/,
    'a{job="x}': /unterminated string/,
    'a{job=x}': /quoted label value/,
    'a{job="x"]': /unbalanced '\]'/,
    'rate(a_total)': /argument 1 of rate\(\) should be a range vector/,
    'histogram_quantile(sum(rate(a_bucket[1m])))': /histogram_quantile\(\) takes 2 argument/,
    'ratee(a_total[1m])': /unknown function 'ratee'/,
    'sum by (le (a)': /expected ',' or '\)'|unclosed/,
    'sum($job)': /variable \$job outside/,
    'a $job': /unexpected '\$job' after the end/,
    'sum(a) sum(b)': /unexpected 'sum' after the end/,
    'a{job=~"$job"} +': /unexpected 'end of query'/,
    '(a)[5m]': /a range can only follow a vector selector/,
  };
  for (const [src, re] of Object.entries(bad)) {
    assert.throws(() => parse(src), (e) => e instanceof PromQLError && re.test(e.message), src);
  }
});

// Each rule catches its mistake: break a copy of the dashboard, expect exactly these problems.
function broken(mutate) {
  const d = load();
  mutate(d);
  return lintOf(d);
}
const firstTarget = (d, title) => panel(d, title).targets[0];

const CASES = {
  'fixed range instead of $__rate_interval': [
    (d) => { const t = firstTarget(d, 'HTTP request rate'); t.expr = t.expr.replace('$__rate_interval', '5m'); },
    ['target-rate-interval-rule: panel "HTTP request rate" target A: range [5m] should be [$__rate_interval]'],
  ],
  'missing job matcher': [
    (d) => { const t = firstTarget(d, 'Concurrent sessions'); t.expr = t.expr.replace('job=~"$job",', ''); },
    ['target-job-rule: panel "Concurrent sessions" target A: websocket_connections_active needs job=~"$job"'],
  ],
  'missing instance matcher': [
    (d) => { const t = firstTarget(d, 'Heap'); t.expr = t.expr.replace(',instance=~"$instance"', ''); },
    ['target-instance-rule: panel "Heap" target A: jvm_memory_used_bytes needs instance=~"$instance"'],
  ],
  'metric name not in docs/metrics.md': [
    (d) => { const t = firstTarget(d, 'Conversation turns'); t.expr = t.expr.replace('conversation_turns_total', 'conversation_turn_total'); },
    [
      'target-metric-names: panel "Conversation turns" target A: conversation_turn_total is not in docs/metrics.md (Prometheus name column, or _bucket/_count/_sum of a histogram there)',
    ],
  ],
  '_bucket of a metric that is not a histogram': [
    (d) => { const t = firstTarget(d, 'GC pause p95'); t.expr = t.expr.replace('jvm_gc_duration_seconds_bucket', 'jvm_memory_used_bytes_bucket'); },
    [
      'target-metric-names: panel "GC pause p95" target A: jvm_memory_used_bytes_bucket is not in docs/metrics.md (Prometheus name column, or _bucket/_count/_sum of a histogram there)',
    ],
  ],
  'unit-1 gauge by its bare name (empty through a Collector, which adds _ratio)': [
    (d) => { const t = firstTarget(d, 'JVM CPU'); t.expr = t.expr.replace('{__name__=~"jvm_cpu_recent_utilization(_ratio)?",', 'jvm_cpu_recent_utilization{'); },
    ['target-ratio-suffix: panel "JVM CPU" target A: jvm_cpu_recent_utilization has unit 1 in docs/metrics.md, a Collector exports it as jvm_cpu_recent_utilization_ratio: select {__name__=~"jvm_cpu_recent_utilization(_ratio)?",...}'],
  ],
  '(_ratio)? on a metric without unit 1': [
    (d) => { const t = firstTarget(d, 'Heap'); t.expr = t.expr.replace('jvm_memory_used_bytes{', '{__name__=~"jvm_memory_used_bytes(_ratio)?",'); },
    ['target-ratio-suffix: panel "Heap" target A: {__name__=~"jvm_memory_used_bytes(_ratio)?"}: jvm_memory_used_bytes does not have unit 1 in docs/metrics.md, no exporter adds _ratio to it: select it by name'],
  ],
  '__name__ other than <name>(_ratio)?': [
    (d) => { const t = firstTarget(d, 'Heap'); t.expr = t.expr.replace('jvm_memory_used_bytes{', '{__name__=~"jvm_memory_used_bytes|jvm_memory_used_after_last_gc_bytes",'); },
    ['target-promql-rule: panel "Heap" target A: selector without a metric name'],
  ],
  'label that the metric does not have': [
    (d) => { const t = firstTarget(d, 'Abnormal WebSocket closes'); t.expr = t.expr.replace('websocket_close_code="1006"', 'close_code="1006"'); },
    ['target-label-names: panel "Abnormal WebSocket closes" target A: websocket_closes_total has no label close_code (docs/metrics.md attributes)'],
  ],
  'grouping by a label no selector has': [
    (d) => { const t = firstTarget(d, 'OpenAI operations'); t.expr = t.expr.replace('sum by (gen_ai_operation_name)', 'sum by (operation)'); },
    [
      'target-label-names: panel "OpenAI operations" target A: sum by (operation): no selector below has a label operation',
      'target-legend: panel "OpenAI operations" target A: legend uses {{gen_ai_operation_name}}, which the query\'s result does not have (it has: operation)',
    ],
  ],
  'counter without rate': [
    (d) => { firstTarget(d, 'Agent self-errors').expr = 'sum(earshot_agent_errors_total{job=~"$job",instance=~"$instance"})'; },
    [
      'target-counter-agg-rule: panel "Agent self-errors" target A: counter earshot_agent_errors_total is not inside rate(), irate() or increase()',
      'target-legend: panel "Agent self-errors" target A: legend uses {{earshot_instrumentation}}, which the query\'s result does not have (it has: no labels)',
    ],
  ],
  'histogram_quantile without sum by (le)': [
    (d) => { const t = firstTarget(d, 'Transcription delay'); t.expr = t.expr.replace('sum by (le, websocket_side)', 'sum by (websocket_side)'); },
    ['target-histogram-rule: panel "Transcription delay" target A: histogram_quantile() over sum by (le, ...) (rate(..._bucket[$__rate_interval]))'],
  ],
  'bucket outside histogram_quantile': [
    (d) => { firstTarget(d, 'Time per output chunk').expr = 'sum(rate(gen_ai_client_operation_time_per_output_chunk_seconds_bucket{job=~"$job",instance=~"$instance"}[$__rate_interval]))'; },
    ['target-histogram-rule: panel "Time per output chunk" target A: gen_ai_client_operation_time_per_output_chunk_seconds_bucket is not inside histogram_quantile()'],
  ],
  'unbalanced parentheses': [
    (d) => { const t = firstTarget(d, 'Responses by status'); t.expr = t.expr.slice(0, -1); },
    [
      /^target-promql-rule: panel "Responses by status" target A: unclosed '\(' at offset 38 of: /,
      'dashboard-coverage: dashboard: documented metric conversation_responses_total is on no panel (add it or list it in NOT_ON_DASHBOARD)',
    ],
  ],
  'unterminated string': [
    (d) => { const t = firstTarget(d, 'JVM threads'); t.expr = t.expr.replace('"$instance"', '"$instance'); },
    [
      /^target-promql-rule: panel "JVM threads" target A: unterminated string at offset 66 of: /,
      'dashboard-coverage: dashboard: documented metric jvm_thread_count is on no panel (add it or list it in NOT_ON_DASHBOARD)',
    ],
  ],
  'another variable than job, instance, __rate_interval': [
    (d) => { const t = firstTarget(d, 'HTTP request rate'); t.expr = t.expr.replace('$__rate_interval', '$__interval'); },
    [
      'target-variables: panel "HTTP request rate" target A: uses $__interval; only $job, $instance and $__rate_interval are substituted by the tests',
      'target-rate-interval-rule: panel "HTTP request rate" target A: range [$__interval] should be [$__rate_interval]',
    ],
  ],
  'panel without description': [
    (d) => { delete panel(d, 'Heap').description; },
    ['panel-title-description-rule: panel "Heap": needs a description'],
  ],
  'panel without unit': [
    (d) => { delete panel(d, 'Heap').fieldConfig.defaults.unit; },
    ['panel-units-rule: panel "Heap": has no unit (fieldConfig.defaults.unit)'],
  ],
  'invalid unit': [
    (d) => { panel(d, 'Heap').fieldConfig.defaults.unit = 'megabytes'; },
    ['panel-units-rule: panel "Heap": invalid unit "megabytes"'],
  ],
  'latency quantiles in ms': [
    (d) => { panel(d, 'Barge-in latency').fieldConfig.defaults.unit = 'ms'; },
    ['panel-units-rule: panel "Barge-in latency": quantiles of _seconds histograms should have unit \'s\', not "ms"'],
  ],
  'fixed datasource': [
    (d) => { panel(d, 'Heap').datasource = { type: 'prometheus', uid: 'earshot-prometheus' }; },
    ["panel-datasource-rule: panel \"Heap\": should use the templated datasource {type: prometheus, uid: '${datasource}'}"],
  ],
  'target datasource not templated': [
    (d) => { firstTarget(d, 'Heap').datasource = { type: 'prometheus', uid: 'abc' }; },
    ["panel-datasource-rule: panel \"Heap\" target A: target should use the templated datasource '${datasource}'"],
  ],
  'duplicate panel id': [
    (d) => { panel(d, 'Heap').id = panel(d, 'JVM CPU').id; },
    [/^panel-id: panel "JVM CPU": id \d+ also used by panel "Heap"$/],
  ],
  'target without refId, duplicate refId': [
    (d) => { const ts = panel(d, 'Heap').targets; delete ts[0].refId; ts[2].refId = 'B'; },
    [
      'target-refid: panel "Heap" target 0: refId should be a letter A-Z, is undefined',
      'target-refid: panel "Heap" target B: refId used twice',
    ],
  ],
  'panel without targets': [
    (d) => { panel(d, 'Non-heap memory').targets = []; },
    ['panel-no-targets-rule: panel "Non-heap memory": has no targets'],
  ],
  'target without expr': [
    (d) => { firstTarget(d, 'JVM threads').expr = ''; },
    ['target-promql-rule: panel "JVM threads" target A: has no expr', 'dashboard-coverage: dashboard: documented metric jvm_thread_count is on no panel (add it or list it in NOT_ON_DASHBOARD)'],
  ],
  'overlapping panels': [
    (d) => { panel(d, 'JVM CPU').gridPos.x = 12; },
    ['panel-grid: panels "JVM threads" and "JVM CPU": overlap'],
  ],
  'panel past the right edge': [
    (d) => { panel(d, 'JVM CPU').gridPos.w = 9; },
    [/^panel-grid: panel "JVM CPU": gridPos \{"h":8,"w":9,"x":16,"y":\d+\} leaves the 24-column grid$/],
  ],
  'panel moved into another row': [
    (d) => { const p = panel(d, 'Heap'); p.gridPos.y = 0; p.gridPos.x = 0; p.gridPos.w = 1; p.gridPos.h = 1; },
    [
      'panel-grid: panels "Service health" and "Heap": overlap',
      'dashboard-rows: dashboard: panels should be listed in reading order (by gridPos y, then x), so each follows its row',
    ],
  ],
  'rows out of order': [
    (d) => { const a = panel(d, 'OpenAI'); const b = panel(d, 'JVM'); [a.title, b.title] = [b.title, a.title]; },
    ['dashboard-rows: dashboard: rows are ["Service health","Latency","Streaming stability","Throughput","Resources","Errors and alerts","JVM","Realtime voice","OpenAI","Agent health"], expected ["Service health","Latency","Streaming stability","Throughput","Resources","Errors and alerts","OpenAI","Realtime voice","JVM","Agent health"]'],
  ],
  'no datasource variable': [
    (d) => { d.templating.list = d.templating.list.filter((v) => v.name !== 'datasource'); },
    [
      "template-datasource-rule: templating: needs a variable 'datasource' of type datasource, query prometheus",
      'template-datasource-rule: templating: exactly one datasource variable',
    ],
  ],
  'no job variable': [
    (d) => { d.templating.list = d.templating.list.filter((v) => v.name !== 'job'); },
    ['template-job-rule: templating: is missing the job template'],
  ],
  'instance variable single-valued, no All, wrong refresh': [
    (d) => { const v = d.templating.list.find((x) => x.name === 'instance'); v.multi = false; v.allValue = '.*'; v.refresh = 1; },
    [
      'template-instance-rule: variable instance: should be a multi select',
      "template-instance-rule: variable instance: allValue should be '.+', is \".*\"",
      'template-on-time-change-reload-rule: variable instance: refresh should be 2 (on time range change), is 1',
    ],
  ],
  'variable query not label_values of a known metric': [
    (d) => { d.templating.list.find((x) => x.name === 'job').query.query = 'label_values(nosuch_metric, job)'; },
    ['template-label-promql-rule: variable job: unknown metric nosuch_metric'],
  ],
  'editable, wrong title, old schema, no uid': [
    (d) => { d.editable = true; d.title = 'Voice'; d.schemaVersion = 27; delete d.uid; },
    [
      'dashboard-uid: dashboard: uid must be a stable id of 1-40 letters, digits, \'-\' or \'_\', is undefined',
      'dashboard-title: dashboard: title is "Voice"',
      'dashboard-schema-version: dashboard: schemaVersion 27 < 39',
      "uneditable-dashboard-rule: dashboard: is editable, it should be set to 'editable: false'",
    ],
  ],
  'import inputs': [
    (d) => { panel(d, 'Heap').datasource = { type: 'prometheus', uid: '${DS_PROMETHEUS}' }; },
    [
      'dashboard-inputs: dashboard: import inputs (__inputs, ${DS_...}) do not work in provisioned dashboards',
      "panel-datasource-rule: panel \"Heap\": should use the templated datasource {type: prometheus, uid: '${datasource}'}",
    ],
  ],
  'legend label the query aggregates away': [
    (d) => { firstTarget(d, 'OpenAI operations').legendFormat = '{{gen_ai_request_model}}'; },
    ['target-legend: panel "OpenAI operations" target A: legend uses {{gen_ai_request_model}}, which the query\'s result does not have (it has: gen_ai_operation_name)'],
  ],
  'panel type outside timeseries/stat/gauge': [
    (d) => { panel(d, 'Heap').type = 'graph'; },
    ['panel-type: panel "Heap": type graph is not one of timeseries, stat, gauge'],
  ],
};

for (const [name, [mutate, expected]] of Object.entries(CASES)) {
  test(`lint catches: ${name}`, () => {
    const problems = broken(mutate);
    assert.equal(problems.length, expected.length, `got:\n${problems.join('\n')}`);
    expected.forEach((e, i) => {
      if (e instanceof RegExp) assert.match(problems[i], e);
      else assert.equal(problems[i], e);
    });
  });
}

test('queries with variables substituted: no variable left, one line each', () => {
  const qs = panelQueries(load());
  assert.equal(qs.length, dataPanels(load()).reduce((n, p) => n + p.targets.length, 0));
  for (const q of qs) {
    const s = substitute(q.expr, { job: 'earshot-sample', instance: '127.0.0.1:9464', rateInterval: '1m' });
    assert.doesNotMatch(s, /\$/, s);
    assert.doesNotMatch(s, /\n/);
    assert.doesNotThrow(() => parse(s), s);
  }
  assert.equal(
    substitute('rate(a_total{job=~"$job",instance=~"${instance}"}[$__rate_interval])', { job: 'a"b', instance: '.+', rateInterval: '2m' }),
    'rate(a_total{job=~"a\\"b",instance=~".+"}[2m])',
  );
  assert.throws(() => substitute('a{x="$other"}'), /no value for \$other/);
  assert.equal(
    substitute('max({__name__=~"a_utilization(_ratio)?",job=~"$job",instance=~"$instance"})', { job: 'j', instance: 'i:1' }),
    'max({__name__=~"a_utilization(_ratio)?",job=~"j",instance=~"i:1"})',
  );
});

test('queries.mjs prints every query, substituted, one per line', () => {
  const out = execFileSync(process.execPath, [join(HERE, 'queries.mjs'), '--job=earshot-sample', '--instance=.+', '--rate-interval=1m'], { encoding: 'utf8' });
  const lines = out.trimEnd().split('\n');
  const qs = panelQueries(load());
  assert.equal(lines.length, qs.length);
  assert.equal(lines[0], 'max by (job, instance) (up{job=~"earshot-sample",instance=~".+"}) or max by (job, instance) (target_info{job=~"earshot-sample",instance=~".+"})');
  assert.ok(lines.every((l) => !l.includes('$')));
  // the (_ratio)? alternative of the unit-1 gauges reaches Prometheus as written
  assert.ok(lines.includes('avg({__name__=~"system_cpu_utilization(_ratio)?",job=~"earshot-sample",instance=~".+"})'), lines.join('\n'));
  const tsv = execFileSync(process.execPath, [join(HERE, 'queries.mjs'), '--format=tsv'], { encoding: 'utf8' }).trimEnd().split('\n');
  assert.equal(tsv.length, qs.length);
  assert.deepEqual(tsv[0].split('\t').slice(0, 5), ['Service health', String(qs[0].panelId), 'Service status', 'A', '']);
  assert.ok(tsv.every((l) => l.split('\t').length === 6));
  const steady = execFileSync(process.execPath, [join(HERE, 'queries.mjs'), '--without-event-driven'], { encoding: 'utf8' }).trimEnd().split('\n');
  assert.equal(steady.length, qs.length - Object.keys(EVENT_DRIVEN).length);
});

test('every event-driven query named in EVENT_DRIVEN exists', () => {
  const keys = new Set(panelQueries(load()).map((q) => `${q.panel}/${q.refId}`));
  for (const k of Object.keys(EVENT_DRIVEN)) assert.ok(keys.has(k), k);
});

test('every query is valid PromQL for Prometheus itself (promtool check rules)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-grafana-'));
  try {
    const rules = panelQueries(load()).map((q, i) =>
      `      - record: earshot:dashboard_query:${i}\n        expr: ${JSON.stringify(substitute(q.expr, { rateInterval: '1m' }))}\n`).join('');
    writeFileSync(join(dir, 'rules.yml'), `groups:\n  - name: dashboard-queries\n    rules:\n${rules}`);
    const out = execFileSync('promtool', ['check', 'rules', join(dir, 'rules.yml')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(out, new RegExp(`SUCCESS: ${panelQueries(load()).length} rules found`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
