// A minimal YAML reader for the provisioning files (block mappings, block sequences, plain and
// quoted scalars, comments): enough to check their structure without a YAML package. Anything
// outside that subset (flow collections, anchors, multi-line scalars, tabs) is an error.
export function parseYaml(text) {
  const lines = [];
  text.split('\n').forEach((raw, n) => {
    if (/\t/.test(raw.replace(/#.*$/, ''))) throw new Error(`yaml line ${n + 1}: tab`);
    const line = stripComment(raw).replace(/\s+$/, '');
    if (!line.trim() || line.trim() === '---') return;
    lines.push({ indent: line.length - line.trimStart().length, text: line.trim(), n: n + 1 });
  });
  let i = 0;

  function block(indent) {
    if (i >= lines.length) return null;
    return lines[i].text.startsWith('- ') || lines[i].text === '-' ? sequence(lines[i].indent) : mapping(lines[i].indent);
  }

  function mapping(indent, first = null) {
    const out = {};
    if (first) addPair(out, first, indent);
    while (i < lines.length && lines[i].indent === indent && !lines[i].text.startsWith('- ')) {
      const l = lines[i++];
      addPair(out, l, indent);
    }
    if (i < lines.length && lines[i].indent > indent) throw new Error(`yaml line ${lines[i].n}: unexpected indentation`);
    return out;
  }

  function addPair(out, l, indent) {
    const m = /^([A-Za-z0-9_.-]+|"[^"]*"):(?:\s+(.*))?$/.exec(l.text);
    if (!m) throw new Error(`yaml line ${l.n}: expected "key: value": ${l.text}`);
    const key = m[1].replace(/^"|"$/g, '');
    if (key in out) throw new Error(`yaml line ${l.n}: duplicate key ${key}`);
    if (m[2] !== undefined && m[2] !== '') out[key] = scalar(m[2], l.n);
    else if (i < lines.length && (lines[i].indent > indent || (lines[i].indent === indent && lines[i].text.startsWith('- ')))) out[key] = block(lines[i].indent);
    else out[key] = null;
  }

  function sequence(indent) {
    const out = [];
    while (i < lines.length && lines[i].indent === indent && lines[i].text.startsWith('- ')) {
      const l = lines[i++];
      const rest = l.text.slice(2).trim();
      const itemIndent = indent + 2 + (l.text.slice(2).length - l.text.slice(2).trimStart().length);
      if (/^([A-Za-z0-9_.-]+|"[^"]*"):(\s|$)/.test(rest)) out.push(mapping(itemIndent, { text: rest, n: l.n }));
      else out.push(scalar(rest, l.n));
    }
    return out;
  }

  const result = block(0);
  if (i < lines.length) throw new Error(`yaml line ${lines[i].n}: unexpected content`);
  return result;
}

function stripComment(line) {
  let quote = null;
  for (let j = 0; j < line.length; j++) {
    const c = line[j];
    if (quote) { if (c === quote) quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (j === 0 || /\s/.test(line[j - 1]))) return line.slice(0, j);
  }
  return line;
}

function scalar(s, n) {
  if (/^[[{&*!|>]/.test(s)) throw new Error(`yaml line ${n}: unsupported syntax: ${s}`);
  if (s.startsWith('"')) { if (!s.endsWith('"') || s.length < 2) throw new Error(`yaml line ${n}: bad string`); return JSON.parse(s); }
  if (s.startsWith("'")) { if (!s.endsWith("'") || s.length < 2) throw new Error(`yaml line ${n}: bad string`); return s.slice(1, -1).replace(/''/g, "'"); }
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null' || s === '~') return null;
  if (/^-?[0-9]+$/.test(s)) return Number(s);
  if (/^-?[0-9]*\.[0-9]+$/.test(s)) return Number(s);
  return s;
}
