// Checks docker-compose.yml without Docker (node docker/test-compose.mjs; no npm packages):
// parsed with grafana/test/yaml.mjs (a strict block-style YAML subset: anything else is an error),
// then every rule below. The same checks run on broken copies of the file, each of which must be
// refused with the expected problem (so a check that silently passes everything is caught).
// Exits 1 on any failure.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYaml } from '../grafana/test/yaml.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (p) => readFileSync(join(ROOT, p), 'utf8');

const SERVICES = ['openai-simulator', 'voice-assistant', 'voice-callers', 'http-traffic', 'otel-collector',
  'prometheus', 'alertmanager', 'grafana', 'node-exporter'];
// third-party images: exact pins (versions of the native stack where there is one, checked below)
const PINS = {
  'http-traffic': 'curlimages/curl:8.11.1',
  'otel-collector': 'otel/opentelemetry-collector-contrib:0.155.0',
  prometheus: 'prom/prometheus:v2.42.0',
  alertmanager: 'prom/alertmanager:v0.25.0',
  grafana: 'grafana/grafana:11.4.0',
  'node-exporter': 'prom/node-exporter:v1.8.2',
};
const BUILT = ['openai-simulator', 'voice-assistant', 'voice-callers'];
const HOST_PATHS_ALLOWED = { 'node-exporter': ['/proc', '/sys', '/'] };
const VARIABLES = ['DEMO_OPENAI_API_KEY', 'DEMO_OPENAI_BASE_URL', 'GRAFANA_ADMIN_PASSWORD', 'PROMETHEUS_URL', 'VOICE_CALLERS'];

// bind mounts of a service: [{host, container}] (host relative to the repo root when ./...)
function mounts(svc) {
  return (svc.volumes || []).map((v) => {
    const [host, container] = String(v).split(':');
    return { host, container };
  });
}
// the repo file a container path of a service is, through its ./ bind mounts (or null)
function hostFile(svc, containerPath) {
  let best = null;
  for (const m of mounts(svc)) {
    if (!m.host.startsWith('./')) continue;
    if (containerPath === m.container || containerPath.startsWith(m.container + '/')) {
      if (!best || m.container.length > best.container.length) best = m;
    }
  }
  return best ? join(best.host.slice(2), containerPath.slice(best.container.length)).replace(/^\//, '') : null;
}
const flag = (svc, name) => (svc.command || []).map(String).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

export function check(text) {
  const problems = [];
  const p = (s) => problems.push(s);
  let doc;
  try { doc = parseYaml(text); } catch (e) { return [`not in the YAML subset: ${e.message}`]; }
  const extra = Object.keys(doc).filter((k) => !['name', 'services', 'volumes'].includes(k));
  if (extra.length) p(`unexpected top-level keys: ${extra}`);
  const services = doc.services || {};
  const names = Object.keys(services);
  if (names.join() !== SERVICES.join()) p(`services: want ${SERVICES}, got ${names}`);

  // compose interpolation: only ${NAME}, ${NAME:-default}, ${NAME:?message} and $$
  const vars = new Set();
  for (const [n, line] of text.split('\n').entries()) {
    const code = line.replace(/(^|\s)#.*$/, '');
    for (const m of code.matchAll(/\$(\$|\{([A-Z_][A-Z0-9_]*)(:[-?][^}]*)?\}|.?)/g)) {
      if (m[1] === '$') continue;
      if (!m[2]) { p(`line ${n + 1}: bare or malformed "$": ${code.trim()}`); continue; }
      vars.add(m[2]);
      if (/PASSWORD|SECRET|TOKEN/.test(m[2]) && m[3]?.startsWith(':-')) p(`line ${n + 1}: ${m[2]} has a default`);
    }
  }
  if ([...vars].sort().join() !== VARIABLES.join()) p(`variables: want ${VARIABLES}, got ${[...vars].sort()}`);

  const hostPorts = new Map();
  const namedVolumes = new Set();
  for (const [name, svc] of Object.entries(services)) {
    if (!svc || typeof svc !== 'object') { p(`${name}: not a mapping`); continue; }
    // image pinned or built
    if (BUILT.includes(name)) {
      if (!svc.build || svc.build.dockerfile !== 'docker/sample-app.Dockerfile' || svc.build.context !== '.') p(`${name}: must build docker/sample-app.Dockerfile from .`);
      if (svc.image !== 'earshot-sample-app:local') p(`${name}: image must be earshot-sample-app:local`);
    } else {
      if (svc.build) p(`${name}: unexpected build`);
      if (!/^[a-z0-9./_-]+:[A-Za-z0-9._-]+$/.test(svc.image || '') || /:latest$/.test(svc.image)) p(`${name}: image not pinned: ${svc.image}`);
      else if (PINS[name] !== svc.image) p(`${name}: image ${svc.image}, want ${PINS[name]}`);
    }
    // ports: 127.0.0.1:HOST:CONTAINER, host ports unique
    for (const port of svc.ports || []) {
      const m = /^127\.0\.0\.1:([0-9]+):([0-9]+)$/.exec(String(port));
      if (!m) { p(`${name}: port "${port}" not 127.0.0.1:host:container`); continue; }
      if (hostPorts.has(m[1])) p(`host port ${m[1]} used by ${hostPorts.get(m[1])} and ${name}`);
      hostPorts.set(m[1], name);
    }
    // mounts: ./ paths exist in the repo, absolute ones only where allowed, named ones declared
    for (const v of svc.volumes || []) {
      const parts = String(v).split(':');
      if (parts.length < 2 || parts.length > 3 || (parts[2] && !/^(ro|rw|ro,rslave)$/.test(parts[2]))) { p(`${name}: bad volume ${v}`); continue; }
      const [host, container] = parts;
      if (!container.startsWith('/')) p(`${name}: container path not absolute: ${v}`);
      if (host.startsWith('./')) {
        if (!existsSync(join(ROOT, host))) p(`${name}: mounted path ${host} does not exist in the repo`);
        if (parts[2] !== 'ro') p(`${name}: repo mount ${host} must be read-only`);
      } else if (host.startsWith('/')) {
        if (!(HOST_PATHS_ALLOWED[name] || []).includes(host)) p(`${name}: host path ${host} outside the repo`);
      } else namedVolumes.add(host);
    }
    for (const d of svc.depends_on || []) if (!names.includes(d)) p(`${name}: depends_on unknown service ${d}`);
    // service names in URLs are services
    for (const m of JSON.stringify(svc).matchAll(/(?:https?|wss?):\/\/([a-z-]+):[0-9]+/g)) {
      if (!names.includes(m[1])) p(`${name}: URL to unknown host ${m[1]}`);
    }
  }
  const declared = Object.keys(doc.volumes || {});
  if ([...namedVolumes].sort().join() !== declared.sort().join()) p(`named volumes used ${[...namedVolumes]} != declared ${declared}`);

  // the agent: OTLP http/protobuf to the Collector every 15 s
  const app = services['voice-assistant'] || {};
  const env = app.environment || {};
  const wantEnv = { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_METRIC_EXPORT_INTERVAL: '15000' };
  for (const [k, v] of Object.entries(wantEnv)) if (String(env[k]) !== v) p(`voice-assistant: ${k}=${env[k]}, want ${v}`);
  if (!env.OTEL_SERVICE_NAME) p('voice-assistant: OTEL_SERVICE_NAME not set');
  if (app.command) p('voice-assistant: must run the image CMD (the app under the agent)');

  // Collector: otel-collector/config.yaml, the file the native stack runs
  const col = services['otel-collector'] || {};
  const colCfg = (col.command || []).map(String).find((a) => a.startsWith('--config='))?.slice(9);
  if (!colCfg || hostFile(col, colCfg) !== 'otel-collector/config.yaml') p(`otel-collector: config ${colCfg} is not otel-collector/config.yaml`);
  // Prometheus: prometheus/prometheus.compose.yml, with prometheus/ mounted (rules, targets)
  const prom = services.prometheus || {};
  const promCfg = flag(prom, 'config.file');
  if (!promCfg || hostFile(prom, promCfg) !== 'prometheus/prometheus.compose.yml') p(`prometheus: config ${promCfg} is not prometheus/prometheus.compose.yml`);
  else for (const rule of ['rules/recording.yml', 'rules/alerts.yml', 'targets/agents.yml']) {
    if (hostFile(prom, join(dirname(promCfg), rule)) !== `prometheus/${rule}`) p(`prometheus: ${rule} is not mounted from prometheus/`);
  }
  // Alertmanager: alertmanager/alertmanager.yml, working directory = its folder (secrets/...)
  const am = services.alertmanager || {};
  const amCfg = flag(am, 'config.file');
  if (!amCfg || hostFile(am, amCfg) !== 'alertmanager/alertmanager.yml') p(`alertmanager: config ${amCfg} is not alertmanager/alertmanager.yml`);
  if (am.working_dir !== dirname(amCfg || '') || hostFile(am, join(am.working_dir || '/', 'secrets')) !== 'alertmanager/secrets') p('alertmanager: working_dir must be the mounted alertmanager/ folder');
  // Grafana: password from the environment, no default; provisioning and dashboards mounted where provisioned
  const gf = services.grafana || {};
  const genv = gf.environment || {};
  if (genv.GF_SECURITY_ADMIN_PASSWORD !== '${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD}') p(`grafana: GF_SECURITY_ADMIN_PASSWORD must be \${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD}, is ${genv.GF_SECURITY_ADMIN_PASSWORD}`);
  if (!/^\$\{PROMETHEUS_URL:-http:\/\/prometheus:9090\}$/.test(genv.PROMETHEUS_URL || '')) p('grafana: PROMETHEUS_URL must default to http://prometheus:9090');
  if (hostFile(gf, '/etc/grafana/provisioning') !== 'grafana/provisioning') p('grafana: grafana/provisioning not at /etc/grafana/provisioning');
  const provider = parseYaml(read('grafana/provisioning/dashboards/earshot.yml')).providers[0].options.path;
  if (hostFile(gf, provider) !== 'grafana/dashboards') p(`grafana: grafana/dashboards not mounted at the provisioned path ${provider}`);
  return problems;
}

// ------------------------------------------------------------------------------------- run
let failed = 0;
let passed = 0;
const ok = (cond, what, detail = '') => {
  if (cond) { passed++; console.log(`ok   ${what}`); } else { failed++; console.log(`FAIL ${what}${detail ? `: ${detail}` : ''}`); }
};

const text = read('docker-compose.yml');
const problems = check(text);
ok(problems.length === 0, 'docker-compose.yml passes every check', problems.join('; '));

// broken copies must be refused with the expected problem
const mutations = [
  ['a default admin password', (t) => t.replace('${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD}', '${GRAFANA_ADMIN_PASSWORD:-admin}'), /GRAFANA_ADMIN_PASSWORD has a default/],
  ['a latest tag', (t) => t.replace('prom/prometheus:v2.42.0', 'prom/prometheus:latest'), /prometheus: image not pinned/],
  ['another version', (t) => t.replace('prom/alertmanager:v0.25.0', 'prom/alertmanager:v0.27.0'), /alertmanager: image prom\/alertmanager:v0.27.0, want/],
  ['a missing mount', (t) => t.replace('./grafana/dashboards:', './grafana/dashboard:'), /mounted path .\/grafana\/dashboard does not exist/],
  ['a duplicate host port', (t) => t.replace('"127.0.0.1:9093:9093"', '"127.0.0.1:9090:9093"'), /host port 9090 used by prometheus and alertmanager/],
  ['a port on all interfaces', (t) => t.replace('"127.0.0.1:3000:3000"', '"3000:3000"'), /grafana: port "3000:3000"/],
  ['the native prometheus.yml', (t) => t.replace('/etc/prometheus/prometheus.compose.yml', '/etc/prometheus/prometheus.yml'), /prometheus: config .* is not prometheus\/prometheus.compose.yml/],
  ['another Collector config', (t) => t.replace('./otel-collector/config.yaml:', './otel-collector/gateway.yaml:'), /otel-collector: config .* is not otel-collector\/config.yaml/],
  ['a 60 s export interval', (t) => t.replace('OTEL_METRIC_EXPORT_INTERVAL: "15000"', 'OTEL_METRIC_EXPORT_INTERVAL: "60000"'), /OTEL_METRIC_EXPORT_INTERVAL=60000, want 15000/],
  ['Alertmanager outside its folder', (t) => t.replace('working_dir: /etc/alertmanager', 'working_dir: /alertmanager'), /alertmanager: working_dir/],
  ['dashboards elsewhere', (t) => t.replace(':/var/lib/grafana/dashboards/earshot:ro', ':/var/lib/grafana/dashboards:ro'), /grafana: grafana\/dashboards not mounted at the provisioned path/],
  ['a host path', (t) => t.replace('./prometheus:/etc/prometheus:ro', '/etc/prometheus:/etc/prometheus:ro'), /prometheus: host path \/etc\/prometheus outside the repo/],
  ['an undeclared volume', (t) => t.replace('  grafana-data:\n', ''), /named volumes used/],
  ['flow syntax', (t) => t.replace('    depends_on:\n      - prometheus\n', '    depends_on: [prometheus]\n'), /not in the YAML subset/],
  ['an unknown host', (t) => t.replace('http://otel-collector:4318', 'http://collector:4318'), /URL to unknown host collector/],
];
for (const [what, mutate, want] of mutations) {
  const broken = mutate(text);
  if (broken === text) { ok(false, `refuses ${what}`, 'mutation did not apply'); continue; }
  const got = check(broken);
  ok(got.some((s) => want.test(s)), `refuses ${what}`, got.join('; ') || 'no problem reported');
}

// prometheus.compose.yml = prometheus.yml with container names + the node job, nothing else
const strip = (s) => s.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
const native = strip(read('prometheus/prometheus.yml')).map((l) => l.replace("'localhost:8889'", "'otel-collector:8889'").replace("'localhost:9093'", "'alertmanager:9093'"));
const compose = strip(read('prometheus/prometheus.compose.yml'));
const node = ['  - job_name: node', '    static_configs:', "      - targets: ['node-exporter:9100']"];
ok(JSON.stringify(compose) === JSON.stringify([...native, ...node]), 'prometheus.compose.yml = prometheus.yml with otel-collector:8889, alertmanager:9093 and the node job',
  compose.filter((l) => !native.includes(l) && !node.includes(l)).join(' | '));
try {
  execFileSync('promtool', ['check', 'config', join(ROOT, 'prometheus/prometheus.compose.yml')], { stdio: 'pipe' });
  ok(true, 'promtool check config prometheus/prometheus.compose.yml');
} catch (e) { ok(false, 'promtool check config prometheus/prometheus.compose.yml', String(e.stderr || e.message)); }

// the sample image: pinned JRE, the jars Maven builds (and the native stack runs), in the context
const dockerfile = read('docker/sample-app.Dockerfile');
ok(/^FROM eclipse-temurin:17\.0\.[0-9]+_[0-9]+-jre$/m.test(dockerfile), 'docker/sample-app.Dockerfile: FROM eclipse-temurin:17.0.x_y-jre (pinned)');
const jars = ['agent/target/earshot-agent.jar', 'sample-app/target/earshot-sample-app.jar'];
ok(jars.every((j) => dockerfile.includes(j) && read('.dockerignore').includes(`!${j}`) && read('scripts/stack.sh').includes(j)),
  'the image copies the jars mvn package builds, .dockerignore lets them in');
ok(/-javaagent:\/opt\/earshot\/earshot-agent\.jar/.test(dockerfile), 'the image runs the app under the agent');
ok(statSync(join(ROOT, 'docker/http-traffic.sh')).mode & 0o111, 'docker/http-traffic.sh is executable');

// pins agree with the native stack: Collector release of the builder manifest, Debian's Prometheus/Alertmanager
const builder = read('otel-collector/builder-config.yaml');
ok(/v0\.155\.0/.test(builder), 'Collector image 0.155.0 = otel-collector/builder-config.yaml release');
for (const [bin, image] of [['prometheus', PINS.prometheus], ['prometheus-alertmanager', PINS.alertmanager]]) {
  let version = '';
  try { version = /version ([0-9]+\.[0-9]+)\./.exec(execFileSync(bin, ['--version'], { stdio: 'pipe' }).toString() + '')?.[1] || ''; } catch (e) {
    version = /version ([0-9]+\.[0-9]+)\./.exec(String(e.stdout) + String(e.stderr))?.[1] || '';
  }
  ok(version && image.includes(`:v${version}.`), `${image} = the native ${bin} ${version}`);
}
// the files the native launcher reads are the ones mounted here
const stack = read('scripts/stack.sh');
ok(['otel-collector/config.yaml', 'prometheus/prometheus.yml', 'alertmanager/alertmanager.yml'].every((f) => stack.includes(f)),
  'scripts/stack.sh reads otel-collector/config.yaml, prometheus/prometheus.yml (same rules), alertmanager/alertmanager.yml');

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
