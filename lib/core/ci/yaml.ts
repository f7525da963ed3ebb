/**
 * A deterministic YAML writer for generated CI files: maps keep insertion order, strings are plain only when
 * YAML 1.1 and 1.2 read them back as the same string (else JSON-quoted, which is valid YAML), and multi-line
 * strings become literal blocks. Same value in, same bytes out.
 */

/** A value the writer accepts. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue | undefined };

// Words YAML 1.1 (GitHub's parser included) reads as booleans or null, and anything numeric, must be quoted.
const RESERVED = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|)$/;
const NUMERIC = /^[-+.]?(?:\d|\.inf|\.nan)/i;
const PLAIN = /^[A-Za-z0-9_./$][A-Za-z0-9_./$=@()+ ,:'"-]*$/;

function scalar(s: string): string {
  const plain = PLAIN.test(s) && !RESERVED.test(s) && !NUMERIC.test(s) && !s.endsWith(' ') && !s.includes(': ') && !s.includes(' #') && !s.endsWith(':');
  return plain ? s : JSON.stringify(s);
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) && !RESERVED.test(k) ? k : k === 'on' ? k : JSON.stringify(k);
}

function inline(v: YamlValue): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.includes('\n') ? undefined : scalar(v);
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (!Array.isArray(v) && Object.values(v).every((x) => x === undefined)) return '{}';
  return undefined;
}

function block(s: string, indent: string): string {
  const chomp = s.endsWith('\n') ? '' : '-';
  const body = s.replace(/\n$/, '').split('\n').map((l) => (l === '' ? '' : `${indent}${l}`)).join('\n');
  return `|${chomp}\n${body}`;
}

function lines(v: YamlValue, indent: string): string[] {
  const out: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      const i = inline(item);
      if (i !== undefined) out.push(`${indent}- ${i}`);
      else if (typeof item === 'string') out.push(`${indent}- ${block(item, `${indent}  `)}`);
      else {
        const inner = lines(item, `${indent}  `);
        out.push(`${indent}- ${inner[0].slice(indent.length + 2)}`, ...inner.slice(1));
      }
    }
    return out;
  }
  for (const [k, val] of Object.entries(v as Record<string, YamlValue | undefined>)) {
    if (val === undefined) continue;
    const i = inline(val);
    if (i !== undefined) out.push(`${indent}${key(k)}: ${i}`);
    else if (typeof val === 'string') out.push(`${indent}${key(k)}: ${block(val, `${indent}  `)}`);
    else out.push(`${indent}${key(k)}:`, ...lines(val, `${indent}  `));
  }
  return out;
}

/** Renders a document (a map at the top), with optional `#` comment lines first. */
export function toYaml(doc: { [key: string]: YamlValue | undefined }, comments: readonly string[] = []): string {
  return `${[...comments.map((c) => `# ${c}`.trimEnd()), ...lines(doc, '')].join('\n')}\n`;
}
