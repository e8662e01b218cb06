// A small PromQL parser for the dashboard tests: enough of the language (Prometheus 2.x) to check
// the structure of every query the dashboard runs, with Grafana variables allowed where Grafana
// substitutes them (inside label matcher strings, and $__rate_interval as a range). It builds an
// AST so that the lint rules can look at a selector's ancestors, as grafana/dashboard-linter does
// with the Prometheus parser.

const AGGREGATIONS = new Set([
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk',
  'quantile', 'limitk', 'limit_ratio',
]);
const PARAM_AGGREGATIONS = new Set(['count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio']);

// name -> argument kinds ('v' instant vector, 'm' range vector, 's' scalar, 'str' string); a
// trailing '?' marks optional arguments, '*' a variable number.
export const FUNCTIONS = {
  abs: ['v'], absent: ['v'], absent_over_time: ['m'], acos: ['v'], acosh: ['v'], asin: ['v'], asinh: ['v'],
  atan: ['v'], atanh: ['v'], avg_over_time: ['m'], ceil: ['v'], changes: ['m'], clamp: ['v', 's', 's'],
  clamp_max: ['v', 's'], clamp_min: ['v', 's'], cos: ['v'], cosh: ['v'], count_over_time: ['m'],
  day_of_month: ['v?'], day_of_week: ['v?'], day_of_year: ['v?'], days_in_month: ['v?'], deg: ['v'],
  delta: ['m'], deriv: ['m'], exp: ['v'], floor: ['v'], histogram_count: ['v'], histogram_fraction: ['s', 's', 'v'],
  histogram_quantile: ['s', 'v'], histogram_stddev: ['v'], histogram_stdvar: ['v'], histogram_sum: ['v'],
  holt_winters: ['m', 's', 's'], hour: ['v?'], idelta: ['m'], increase: ['m'], irate: ['m'],
  label_join: ['v', 'str', 'str', 'str*'], label_replace: ['v', 'str', 'str', 'str', 'str'], last_over_time: ['m'],
  ln: ['v'], log10: ['v'], log2: ['v'], mad_over_time: ['m'], max_over_time: ['m'], min_over_time: ['m'],
  minute: ['v?'], month: ['v?'], pi: [], predict_linear: ['m', 's'], present_over_time: ['m'],
  quantile_over_time: ['s', 'm'], rad: ['v'], rate: ['m'], resets: ['m'], round: ['v', 's?'], scalar: ['v'],
  sgn: ['v'], sin: ['v'], sinh: ['v'], sort: ['v'], sort_desc: ['v'], sqrt: ['v'], stddev_over_time: ['m'],
  stdvar_over_time: ['m'], sum_over_time: ['m'], tan: ['v'], tanh: ['v'], time: [], timestamp: ['v'],
  vector: ['s'], year: ['v?'],
};

const KEYWORD_BINARY = new Set(['and', 'or', 'unless', 'atan2']);
const PRECEDENCE = {
  or: 1, and: 2, unless: 2,
  '==': 3, '!=': 3, '<=': 3, '<': 3, '>=': 3, '>': 3,
  '+': 4, '-': 4,
  '*': 5, '/': 5, '%': 5, atan2: 5,
  '^': 6,
};
const COMPARISONS = new Set(['==', '!=', '<=', '<', '>=', '>']);

export class PromQLError extends Error {}

export function tokenize(src) {
  const tokens = [];
  let i = 0;
  const fail = (msg) => { throw new PromQLError(`${msg} at offset ${i} of: ${src}`); };
  while (i < src.length) {
    const rest = src.slice(i);
    let m;
    if ((m = /^\s+/.exec(rest))) { i += m[0].length; continue; }
    if (rest[0] === '#') { const nl = rest.indexOf('\n'); i += nl < 0 ? rest.length : nl; continue; }
    if (rest[0] === '"' || rest[0] === "'" || rest[0] === '`') {
      const quote = rest[0];
      let j = 1;
      let value = '';
      for (;;) {
        if (j >= rest.length) fail('unterminated string');
        const c = rest[j];
        if (c === quote) break;
        if (c === '\\' && quote !== '`') {
          if (j + 1 >= rest.length) fail('unterminated string');
          const e = rest[j + 1];
          const escapes = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
          if (!(e in escapes)) fail(`unknown escape \\${e} in string`);
          value += escapes[e];
          j += 2;
          continue;
        }
        if (c === '\n' && quote !== '`') fail('newline in string');
        value += c;
        j += 1;
      }
      tokens.push({ t: 'string', v: value, pos: i });
      i += j + 1;
      continue;
    }
    if ((m = /^\$(\{[A-Za-z_][A-Za-z0-9_]*(:[A-Za-z]+)?\}|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest))) {
      tokens.push({ t: 'var', v: m[0], name: m[1].replace(/^\{|\}$/g, '').replace(/:.*$/, ''), pos: i });
      i += m[0].length;
      continue;
    }
    if ((m = /^([0-9]+(ms|[smhdwy]))+(?![A-Za-z0-9_])/.exec(rest))) {
      tokens.push({ t: 'duration', v: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if ((m = /^(0[xX][0-9a-fA-F]+|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)(?![A-Za-z0-9_:])/.exec(rest))) {
      tokens.push({ t: 'number', v: Number(m[0]), pos: i });
      i += m[0].length;
      continue;
    }
    if ((m = /^[A-Za-z_][A-Za-z0-9_:]*/.exec(rest))) {
      tokens.push({ t: 'ident', v: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if ((m = /^(==|!=|=~|!~|<=|>=|[-+*/%^<>=(){}[\],:@])/.exec(rest))) {
      tokens.push({ t: 'op', v: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    fail(`unexpected character '${rest[0]}'`);
  }
  tokens.push({ t: 'eof', v: '', pos: src.length });
  return tokens;
}

// Checks that (), [] and {} are balanced and strings terminated, before parsing: gives a precise
// message for the most common editing mistakes.
export function checkBalanced(src) {
  const tokens = tokenize(src); // throws on unterminated strings
  const pairs = { ')': '(', ']': '[', '}': '{' };
  const stack = [];
  for (const tok of tokens) {
    if (tok.t !== 'op') continue;
    if ('([{'.includes(tok.v)) stack.push(tok);
    else if (tok.v in pairs) {
      const open = stack.pop();
      if (!open || open.v !== pairs[tok.v]) throw new PromQLError(`unbalanced '${tok.v}' at offset ${tok.pos} of: ${src}`);
    }
  }
  if (stack.length) throw new PromQLError(`unclosed '${stack[stack.length - 1].v}' at offset ${stack[stack.length - 1].pos} of: ${src}`);
}

export function parse(src) {
  checkBalanced(src);
  const tokens = tokenize(src);
  let p = 0;
  const peek = (k = 0) => tokens[p + k];
  const fail = (msg, tok = peek()) => { throw new PromQLError(`${msg} at offset ${tok.pos} of: ${src}`); };
  const isOp = (v, tok = peek()) => tok.t === 'op' && tok.v === v;
  const isIdent = (v, tok = peek()) => tok.t === 'ident' && tok.v === v;
  const expectOp = (v) => { if (!isOp(v)) fail(`expected '${v}', found '${peek().v || 'end'}'`); return tokens[p++]; };

  function labelList() {
    expectOp('(');
    const labels = [];
    while (!isOp(')')) {
      const tok = peek();
      if (tok.t !== 'ident' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(tok.v)) fail('expected a label name');
      labels.push(tok.v);
      p++;
      if (isOp(',')) p++;
      else if (!isOp(')')) fail("expected ',' or ')'");
    }
    p++;
    return labels;
  }

  function binaryOp() {
    const tok = peek();
    if (tok.t === 'op' && tok.v in PRECEDENCE) return tok.v;
    if (tok.t === 'ident' && KEYWORD_BINARY.has(tok.v)) return tok.v;
    return null;
  }

  function expr(minPrec = 1) {
    let lhs = unary();
    for (;;) {
      const op = binaryOp();
      if (!op || PRECEDENCE[op] < minPrec) return lhs;
      p++;
      const node = { type: 'binary', op, lhs, bool: false, matching: null };
      if (isIdent('bool')) {
        if (!COMPARISONS.has(op)) fail("'bool' only applies to comparisons");
        node.bool = true;
        p++;
      }
      if (isIdent('on') || isIdent('ignoring')) {
        node.matching = { card: 'one-to-one', on: peek().v === 'on', labels: (p++, labelList()), include: [] };
        if (isIdent('group_left') || isIdent('group_right')) {
          node.matching.card = peek().v === 'group_left' ? 'many-to-one' : 'one-to-many';
          p++;
          if (isOp('(')) node.matching.include = labelList();
        }
      }
      // '^' is right-associative, the others left-associative.
      node.rhs = expr(op === '^' ? PRECEDENCE[op] : PRECEDENCE[op] + 1);
      lhs = node;
    }
  }

  function unary() {
    if (isOp('-') || isOp('+')) {
      const op = tokens[p++].v;
      return { type: 'unary', op, expr: unary() };
    }
    return postfix(primary());
  }

  function rangeOrSubquery(node) {
    const open = expectOp('[');
    const tok = peek();
    let range;
    if (tok.t === 'duration') range = { kind: 'duration', v: tok.v };
    else if (tok.t === 'var') range = { kind: 'var', v: tok.v, name: tok.name };
    else fail('expected a duration in [ ]');
    p++;
    if (isOp(':')) {
      p++;
      let step = null;
      if (peek().t === 'duration' || peek().t === 'var') step = tokens[p++].v;
      expectOp(']');
      return { type: 'subquery', expr: node, range, step, pos: open.pos };
    }
    expectOp(']');
    if (node.type !== 'vector') fail('a range can only follow a vector selector (use a subquery [range:step])', open);
    return { type: 'matrix', vector: node, range, pos: open.pos };
  }

  function postfix(node) {
    for (;;) {
      if (isOp('[')) { node = rangeOrSubquery(node); continue; }
      if (isIdent('offset')) {
        p++;
        let neg = false;
        if (isOp('-')) { neg = true; p++; }
        if (peek().t !== 'duration') fail('expected a duration after offset');
        node = { type: 'offset', expr: node, offset: (neg ? '-' : '') + tokens[p++].v };
        continue;
      }
      if (isOp('@')) {
        p++;
        if (peek().t === 'number') p++;
        else if ((isIdent('start') || isIdent('end')) && isOp('(', peek(1)) && isOp(')', peek(2))) p += 3;
        else fail("expected a timestamp, start() or end() after '@'");
        continue;
      }
      return node;
    }
  }

  function matchers() {
    expectOp('{');
    const list = [];
    while (!isOp('}')) {
      const name = peek();
      if (name.t !== 'ident' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.v)) fail('expected a label name in { }');
      p++;
      const op = peek();
      if (!(op.t === 'op' && ['=', '!=', '=~', '!~'].includes(op.v))) fail("expected '=', '!=', '=~' or '!~'");
      p++;
      const value = peek();
      if (value.t !== 'string') fail('expected a quoted label value');
      p++;
      list.push({ name: name.v, op: op.v, value: value.v });
      if (isOp(',')) p++;
      else if (!isOp('}')) fail("expected ',' or '}'");
    }
    p++;
    return list;
  }

  function args() {
    expectOp('(');
    const list = [];
    while (!isOp(')')) {
      list.push(expr());
      if (isOp(',')) p++;
      else if (!isOp(')')) fail("expected ',' or ')'");
    }
    p++;
    return list;
  }

  function primary() {
    const tok = peek();
    if (tok.t === 'number') { p++; return { type: 'number', v: tok.v }; }
    if (tok.t === 'string') { p++; return { type: 'string', v: tok.v }; }
    if (isOp('(')) { p++; const e = expr(); expectOp(')'); return { type: 'paren', expr: e }; }
    if (isOp('{')) return { type: 'vector', name: null, matchers: matchers(), pos: tok.pos };
    if (tok.t === 'var') fail(`Grafana variable ${tok.v} outside a label value or range`);
    if (tok.t === 'ident') {
      const name = tok.v;
      if (AGGREGATIONS.has(name) && (isOp('(', peek(1)) || isIdent('by', peek(1)) || isIdent('without', peek(1)))) {
        p++;
        let grouping = null;
        const readGrouping = () => {
          if (isIdent('by') || isIdent('without')) {
            if (grouping) fail('grouping given twice');
            const without = peek().v === 'without';
            p++;
            grouping = { without, labels: labelList() };
          }
        };
        readGrouping();
        const a = args();
        readGrouping();
        const wanted = PARAM_AGGREGATIONS.has(name) ? 2 : 1;
        if (a.length !== wanted) fail(`${name} takes ${wanted} argument(s), got ${a.length}`, tok);
        return { type: 'aggregation', op: name, grouping, param: wanted === 2 ? a[0] : null, expr: a[wanted - 1] };
      }
      if (isOp('(', peek(1))) {
        if (!(name in FUNCTIONS)) fail(`unknown function '${name}'`, tok);
        p++;
        const a = args();
        checkArity(name, a, tok);
        return { type: 'call', func: name, args: a };
      }
      if (['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset'].includes(name)) {
        fail(`unexpected keyword '${name}'`, tok);
      }
      p++;
      const node = { type: 'vector', name, matchers: [], pos: tok.pos };
      if (isOp('{')) node.matchers = matchers();
      return node;
    }
    fail(`unexpected '${tok.v || 'end of query'}'`);
  }

  function kindOf(node) {
    if (node.type === 'paren') return kindOf(node.expr);
    if (node.type === 'number') return 's';
    if (node.type === 'string') return 'str';
    if (node.type === 'matrix' || node.type === 'subquery') return 'm';
    if (node.type === 'offset') return kindOf(node.expr);
    if (node.type === 'unary') return kindOf(node.expr);
    if (node.type === 'call' && (node.func === 'time' || node.func === 'pi' || node.func === 'scalar')) return 's';
    if (node.type === 'binary') return kindOf(node.lhs) === 's' && kindOf(node.rhs) === 's' ? 's' : 'v';
    return 'v';
  }

  function checkArity(name, a, tok) {
    const spec = FUNCTIONS[name];
    const required = spec.filter((k) => !k.endsWith('?') && !k.endsWith('*')).length;
    const variadic = spec.some((k) => k.endsWith('*'));
    if (a.length < required || (!variadic && a.length > spec.length)) {
      fail(`${name}() takes ${spec.length === required ? required : `${required} to ${spec.length}`} argument(s), got ${a.length}`, tok);
    }
    a.forEach((arg, i) => {
      const want = (spec[Math.min(i, spec.length - 1)] || '').replace(/[?*]$/, '');
      const got = kindOf(arg);
      if (want !== got) fail(`argument ${i + 1} of ${name}() should be ${describe(want)}, is ${describe(got)}`, tok);
    });
  }

  const result = expr();
  if (peek().t !== 'eof') fail(`unexpected '${peek().v}' after the end of the expression`);
  return result;
}

function describe(kind) {
  return { v: 'an instant vector', m: 'a range vector', s: 'a scalar', str: 'a string' }[kind] || kind;
}

// Calls visit(node, parents) for every node, parents from the root down to the direct parent.
export function walk(node, visit, parents = []) {
  visit(node, parents);
  const down = [...parents, node];
  const children = {
    binary: () => [node.lhs, node.rhs],
    unary: () => [node.expr],
    paren: () => [node.expr],
    offset: () => [node.expr],
    matrix: () => [node.vector],
    subquery: () => [node.expr],
    call: () => node.args,
    aggregation: () => (node.param ? [node.param, node.expr] : [node.expr]),
  }[node.type];
  for (const child of children ? children() : []) walk(child, visit, down);
}

export function selectors(ast) {
  const out = [];
  walk(ast, (n, parents) => { if (n.type === 'vector') out.push({ node: n, parents }); });
  return out;
}
