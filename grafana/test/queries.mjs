#!/usr/bin/env node
// Prints every query of the dashboard with Grafana's variables substituted, one per line, for the
// end-to-end test to run against a live Prometheus.
//
//   node grafana/test/queries.mjs [--job=REGEX] [--instance=REGEX] [--rate-interval=1m]
//                                 [--format=plain|tsv|json] [--without-event-driven] [dashboard.json]
//
// job and instance are regular expressions, as Grafana puts them in job=~"..." (default '.+',
// the variables' All value). rate-interval replaces $__rate_interval: Grafana makes it at least
// four scrape intervals (1m with the stack's 15 s scrape interval). plain prints the queries;
// tsv prints row, panel id, panel title, refId, needs and query separated by tabs; json an array
// of {row, panelId, panel, refId, needs, expr, query}. needs is empty, or the event a query's
// series wait for (EVENT_DRIVEN in dashboard-lint.mjs); --without-event-driven leaves those out.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { panelQueries, substitute } from './dashboard-lint.mjs';

const opts = { job: '.+', instance: '.+', rateInterval: '1m', format: 'plain', eventDriven: true };
let file = join(dirname(fileURLToPath(import.meta.url)), '..', 'dashboards', 'voice-assistant-performance.json');
for (const arg of process.argv.slice(2)) {
  const m = /^--(job|instance|rate-interval|format)=(.*)$/.exec(arg);
  if (m) opts[m[1] === 'rate-interval' ? 'rateInterval' : m[1]] = m[2];
  else if (arg === '--without-event-driven') opts.eventDriven = false;
  else if (arg.startsWith('--')) { console.error(`unknown option ${arg}`); process.exit(2); }
  else file = arg;
}
if (!/^[0-9]+(ms|[smhdwy])$/.test(opts.rateInterval)) { console.error(`--rate-interval must be a duration such as 1m: ${opts.rateInterval}`); process.exit(2); }
if (!['plain', 'tsv', 'json'].includes(opts.format)) { console.error(`--format must be plain, tsv or json: ${opts.format}`); process.exit(2); }

const queries = panelQueries(JSON.parse(readFileSync(file, 'utf8')))
  .filter((q) => opts.eventDriven || !q.needs)
  .map((q) => ({ ...q, query: substitute(q.expr, opts) }));
if (opts.format === 'json') console.log(JSON.stringify(queries, null, 2));
else for (const q of queries) {
  console.log(opts.format === 'tsv' ? [q.row, q.panelId, q.panel, q.refId, q.needs, q.query].join('\t') : q.query);
}
