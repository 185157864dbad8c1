/**
 * A TOML 1.0 reader for the manifests the project checks read (pyproject.toml, Pipfile, uv and
 * Poetry settings). It builds plain objects: strings unescaped, integers and floats as numbers,
 * booleans, dates and times as their text. It never throws: a syntax error is returned with its
 * line, so a broken manifest becomes a clear problem in the checklist.
 */

/** A TOML value: strings, numbers, booleans, dates and times as text, arrays and tables. */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
/** A TOML table (the document itself is one). */
export interface TomlTable {
  [key: string]: TomlValue;
}

/** The document, or the first syntax error with its 1-based line. */
export type TomlResult = { ok: true; value: TomlTable } | { ok: false; error: string; line: number };

class TomlError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\x1b' };

/** Parses TOML text. */
export function parseToml(text: string): TomlResult {
  const p = new Reader(text.replace(/^\uFEFF/, ''));
  try {
    return { ok: true, value: p.document() };
  } catch (e) {
    const offset = e instanceof TomlError ? e.offset : p.i;
    const line = p.text.slice(0, offset).split('\n').length;
    return { ok: false, error: e instanceof Error ? e.message : String(e), line };
  }
}

function isTable(v: TomlValue | undefined): v is TomlTable {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

class Reader {
  i = 0;
  /** Tables defined by a header or a dotted key: a second definition is an error. */
  private readonly defined = new Set<TomlTable>();
  /** Inline tables and static arrays cannot be extended. */
  private readonly sealed = new Set<object>();

  constructor(readonly text: string) {}

  private fail(message: string, at = this.i): never {
    throw new TomlError(message, at);
  }

  private peek(n = 0): string {
    return this.text[this.i + n] ?? '';
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }

  private skipComment(): void {
    if (this.peek() !== '#') return;
    while (this.i < this.text.length && this.peek() !== '\n') this.i++;
  }

  /** After a statement: spaces, an optional comment, then a newline or the end. */
  private endOfLine(): void {
    this.skipSpaces();
    this.skipComment();
    if (this.i >= this.text.length) return;
    if (this.peek() === '\r' && this.peek(1) === '\n') this.i += 2;
    else if (this.peek() === '\n') this.i++;
    else this.fail(`unexpected "${this.peek()}" after a value`);
  }

  /** Whitespace, newlines and comments (inside arrays). */
  private skipBlank(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '#') this.skipComment();
      else return;
    }
  }

  document(): TomlTable {
    const root: TomlTable = {};
    let current = root;
    while (this.i < this.text.length) {
      this.skipBlank();
      if (this.i >= this.text.length) break;
      if (this.peek() === '[') {
        const start = this.i;
        const isArray = this.peek(1) === '[';
        this.i += isArray ? 2 : 1;
        this.skipSpaces();
        const path = this.key();
        this.skipSpaces();
        if (isArray ? !(this.peek() === ']' && this.peek(1) === ']') : this.peek() !== ']') this.fail(`unclosed table header`, start);
        this.i += isArray ? 2 : 1;
        current = isArray ? this.arrayTable(root, path, start) : this.table(root, path, start);
        this.endOfLine();
      } else {
        this.keyValue(current);
        this.endOfLine();
      }
    }
    return root;
  }

  private table(root: TomlTable, path: string[], at: number): TomlTable {
    let t = root;
    path.forEach((k, n) => {
      let next = t[k];
      if (next === undefined) {
        next = {};
        t[k] = next;
      } else if (Array.isArray(next) && n < path.length - 1 && isTable(next[next.length - 1]) && !this.sealed.has(next)) {
        next = next[next.length - 1];
      }
      if (!isTable(next) || this.sealed.has(next)) this.fail(`"${path.slice(0, n + 1).join('.')}" is already a value, not a table`, at);
      t = next;
    });
    if (this.defined.has(t)) this.fail(`table [${path.join('.')}] is defined twice`, at);
    this.defined.add(t);
    return t;
  }

  private arrayTable(root: TomlTable, path: string[], at: number): TomlTable {
    const parent = path.length > 1 ? this.walk(root, path.slice(0, -1), at) : root;
    const k = path[path.length - 1];
    let arr = parent[k];
    if (arr === undefined) {
      arr = [];
      parent[k] = arr;
    }
    if (!Array.isArray(arr) || this.sealed.has(arr)) this.fail(`"${path.join('.')}" is already a value, not an array of tables`, at);
    const t: TomlTable = {};
    arr.push(t);
    return t;
  }

  /** Goes down a path of tables (the last element of arrays of tables), creating missing ones. */
  private walk(root: TomlTable, path: string[], at: number): TomlTable {
    let t = root;
    for (const k of path) {
      let next = t[k];
      if (next === undefined) {
        next = {};
        t[k] = next;
      }
      if (Array.isArray(next) && isTable(next[next.length - 1]) && !this.sealed.has(next)) next = next[next.length - 1];
      if (!isTable(next)) this.fail(`"${k}" is already a value, not a table`, at);
      t = next;
    }
    return t;
  }

  private keyValue(into: TomlTable): void {
    const at = this.i;
    const path = this.key();
    this.skipSpaces();
    if (this.peek() !== '=') this.fail(`expected "=" after the key "${path.join('.')}"`);
    this.i++;
    this.skipSpaces();
    const value = this.value();
    let t = into;
    for (const k of path.slice(0, -1)) {
      let next = t[k];
      if (next === undefined) {
        next = {};
        t[k] = next;
      } else if (!isTable(next) || this.sealed.has(next) || this.defined.has(next)) this.fail(`"${k}" is already defined`, at);
      t = next;
    }
    const last = path[path.length - 1];
    if (last in t) this.fail(`the key "${path.join('.')}" is defined twice`, at);
    t[last] = value;
  }

  /** A simple or dotted key. */
  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        const start = this.i;
        while (BARE_KEY.test(this.peek())) this.i++;
        if (this.i === start) this.fail(c ? `unexpected "${c}" where a key should be` : 'a key is missing');
        parts.push(this.text.slice(start, this.i));
      }
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.i++;
    }
  }

  private value(): TomlValue {
    const c = this.peek();
    if (c === '"') return this.text.startsWith('"""', this.i) ? this.multilineBasic() : this.basicString();
    if (c === "'") return this.text.startsWith("'''", this.i) ? this.multilineLiteral() : this.literalString();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    if (this.text.startsWith('true', this.i) && !BARE_KEY.test(this.peek(4))) {
      this.i += 4;
      return true;
    }
    if (this.text.startsWith('false', this.i) && !BARE_KEY.test(this.peek(5))) {
      this.i += 5;
      return false;
    }
    return this.scalar();
  }

  /** Numbers, dates and times: read up to the next delimiter. */
  private scalar(): TomlValue {
    const start = this.i;
    while (this.i < this.text.length && !/[\s,\]}#]/.test(this.peek())) this.i++;
    // A local date-time may have a space between date and time.
    if (/^\d{4}-\d{2}-\d{2}$/.test(this.text.slice(start, this.i)) && this.peek() === ' ' && /\d/.test(this.peek(1))) {
      this.i++;
      while (this.i < this.text.length && !/[\s,\]}#]/.test(this.peek())) this.i++;
    }
    const raw = this.text.slice(start, this.i);
    if (!raw) this.fail(/^[^\r\n#]$/.test(this.peek()) ? `unexpected "${this.peek()}" where a value should be` : 'a value is missing', start);
    if (/^[+-]?(inf|nan)$/.test(raw)) return Number(raw.replace('inf', 'Infinity').replace('nan', 'NaN'));
    if (/^[+-]?(0|[1-9](_?\d)*)$/.test(raw)) return Number(raw.replace(/_/g, ''));
    if (/^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*$|^0o[0-7](_?[0-7])*$|^0b[01](_?[01])*$/.test(raw)) return Number(raw.replace(/_/g, ''));
    if (/^[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?$/.test(raw)) return Number(raw.replace(/_/g, ''));
    if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$|^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(raw)) return raw;
    return this.fail(`"${raw.length > 40 ? raw.slice(0, 40) + '…' : raw}" is not a TOML value (strings need quotes)`, start);
  }

  private basicString(): string {
    const start = this.i;
    this.i++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail('unclosed string', start);
      this.i++;
      if (c === '"') return out;
      if (c === '\\') out += this.escape();
      else out += c;
    }
  }

  private escape(): string {
    const c = this.peek();
    this.i++;
    if (c in ESCAPES) return ESCAPES[c];
    if (c === 'u' || c === 'U') {
      const n = c === 'u' ? 4 : 8;
      const hex = this.text.slice(this.i, this.i + n);
      if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== n) this.fail('bad unicode escape');
      this.i += n;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail('bad unicode escape');
      return String.fromCodePoint(cp);
    }
    return this.fail(`unknown escape "\\${c}"`, this.i - 2);
  }

  private literalString(): string {
    const start = this.i;
    const end = this.text.indexOf("'", this.i + 1);
    const nl = this.text.indexOf('\n', this.i + 1);
    if (end < 0 || (nl >= 0 && nl < end)) this.fail('unclosed string', start);
    this.i = end + 1;
    return this.text.slice(start + 1, end);
  }

  private multilineBasic(): string {
    const start = this.i;
    this.i += 3;
    if (this.peek() === '\r' && this.peek(1) === '\n') this.i += 2;
    else if (this.peek() === '\n') this.i++;
    let out = '';
    for (;;) {
      if (this.i >= this.text.length) this.fail('unclosed string', start);
      if (this.text.startsWith('"""', this.i)) {
        // Up to two quotes may end the content right before the closing delimiter.
        let extra = 0;
        while (extra < 2 && this.peek(3 + extra) === '"') extra++;
        out += '"'.repeat(extra);
        this.i += 3 + extra;
        return out;
      }
      const c = this.peek();
      this.i++;
      if (c !== '\\') {
        out += c;
        continue;
      }
      // A backslash at the end of a line trims the newline and the whitespace after it.
      let j = this.i;
      while (this.text[j] === ' ' || this.text[j] === '\t') j++;
      if (this.text[j] === '\n' || (this.text[j] === '\r' && this.text[j + 1] === '\n')) {
        while (/[\s]/.test(this.text[j] ?? '')) j++;
        this.i = j;
      } else out += this.escape();
    }
  }

  private multilineLiteral(): string {
    const start = this.i;
    this.i += 3;
    if (this.peek() === '\r' && this.peek(1) === '\n') this.i += 2;
    else if (this.peek() === '\n') this.i++;
    const end = this.text.indexOf("'''", this.i);
    if (end < 0) this.fail('unclosed string', start);
    let extra = 0;
    while (extra < 2 && this.text[end + 3 + extra] === "'") extra++;
    const out = this.text.slice(this.i, end + extra);
    this.i = end + 3 + extra;
    return out;
  }

  private array(): TomlValue[] {
    const start = this.i;
    this.i++;
    const out: TomlValue[] = [];
    for (;;) {
      this.skipBlank();
      if (this.i >= this.text.length) this.fail('unclosed array', start);
      if (this.peek() === ']') {
        this.i++;
        this.sealed.add(out);
        return out;
      }
      out.push(this.value());
      this.skipBlank();
      if (this.peek() === ',') this.i++;
      else if (this.peek() !== ']') this.fail(this.i >= this.text.length ? 'unclosed array' : `expected "," or "]" in an array, found "${this.peek()}"`, this.i >= this.text.length ? start : this.i);
    }
  }

  private inlineTable(): TomlTable {
    const start = this.i;
    this.i++;
    const out: TomlTable = {};
    this.skipSpaces();
    if (this.peek() === '}') {
      this.i++;
      this.sealed.add(out);
      return out;
    }
    for (;;) {
      this.skipSpaces();
      this.keyValue(out);
      this.skipSpaces();
      if (this.peek() === ',') {
        this.i++;
        continue;
      }
      if (this.peek() === '}') {
        this.i++;
        this.sealed.add(out);
        return out;
      }
      this.fail(this.peek() === '\n' || !this.peek() ? 'unclosed inline table' : `expected "," or "}" in an inline table, found "${this.peek()}"`, this.peek() === '\n' || !this.peek() ? start : this.i);
    }
  }
}
