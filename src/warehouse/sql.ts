/**
 * A tagged template for ClickHouse SQL with bound parameters: `sql\`… ${value} …\`` is a fragment;
 * `render(fragment)` turns it into `{ query, params }` for @clickhouse/client's `query_params`.
 *
 * - An interpolated plain value becomes a bound parameter `{pN:Type}`, its type inferred
 *   (string → String, integer → Int64, other number → Float64, boolean → Bool, bigint → Int64,
 *   non-empty array of one of these → Array(T)); anything else needs `param(value, 'Type')`.
 * - `param(value, type, name?)` binds with an explicit type, and optionally a readable name hint.
 *   The same `param` object used in several places binds once (one name, one value).
 * - An interpolated fragment is spliced with its parameters; names are allocated when the whole
 *   query is rendered, so they are unique however fragments are nested or reused.
 * - Text spliced without binding is only ever the template's own strings, `identifier()`
 *   (validated, back-quoted) and `trusted()` (code-owned SQL such as a generated alias): untrusted
 *   values have no way into the text.
 */

/** A ClickHouse type name as written in a `{name:Type}` placeholder, e.g. `Array(String)`. */
export type ClickHouseType = string;

const PARAM = Symbol('sql.param');
const FRAGMENT = Symbol('sql.fragment');

/** A value bound as a query parameter (see `param`). */
export interface Param {
  readonly [PARAM]: true;
  readonly value: unknown;
  readonly type: ClickHouseType;
  readonly hint: string | undefined;
}

/** A piece of SQL: text with bound parameters, composable into other fragments. */
export interface Sql {
  readonly [FRAGMENT]: true;
  readonly parts: readonly (string | Param | Sql)[];
}

/** A rendered query: text for `query`, values for `query_params`. */
export interface RenderedSql {
  query: string;
  params: Record<string, unknown>;
}

const TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_]*(\(.*\))?$/s;
const HINT_PATTERN = /^[a-z_][a-z0-9_]*$/i;
const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Binds `value` as a `{name:type}` parameter. `type` is required for values whose type cannot be
 * inferred (null, empty arrays, dates) or to choose another (`'UInt64'`, `'Array(Nullable(String))'`).
 * `name` is a readable hint (`[A-Za-z_][A-Za-z0-9_]*`); the rendered name may carry a suffix.
 * Throws TypeError for a malformed type or hint, or a value whose type cannot be inferred.
 */
export function param(value: unknown, type?: ClickHouseType, name?: string): Param {
  const resolved = type ?? inferType(value);
  if (!TYPE_PATTERN.test(resolved) || /[{}]/.test(resolved)) throw new TypeError(`sql: malformed parameter type ${JSON.stringify(resolved)}`);
  if (name !== undefined && !HINT_PATTERN.test(name)) throw new TypeError(`sql: malformed parameter name ${JSON.stringify(name)}`);
  return { [PARAM]: true, value, type: resolved, hint: name };
}

/** The ClickHouse type of a plain value, for `param` without a type. Throws TypeError. */
function inferType(value: unknown): ClickHouseType {
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'boolean':
      return 'Bool';
    case 'bigint':
      return 'Int64';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('sql: a non-finite number needs an explicit type');
      return Number.isInteger(value) ? 'Int64' : 'Float64';
  }
  if (Array.isArray(value) && value.length > 0) {
    const types = new Set(value.map(inferType));
    if (types.size === 1) return `Array(${[...types][0]})`;
    if (value.every((v) => typeof v === 'number')) return 'Array(Float64)';
  }
  throw new TypeError('sql: cannot infer the type of a parameter; use param(value, type)');
}

/** The tagged template: builds a fragment; see the file header for what each interpolation does. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const parts: (string | Param | Sql)[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(s);
    if (i < values.length) {
      const v = values[i];
      parts.push(isFragment(v) || isParam(v) ? v : param(v));
    }
  });
  return { [FRAGMENT]: true, parts };
}

/** A fragment of code-owned SQL spliced as is (fixed keywords, generated aliases). Never pass input. */
export function trusted(text: string): Sql {
  return { [FRAGMENT]: true, parts: [text] };
}

/**
 * A table, column, database or alias name spliced as a back-quoted identifier. Only plain names
 * (`[A-Za-z_][A-Za-z0-9_]*`) are accepted: throws TypeError otherwise.
 */
export function identifier(name: string): Sql {
  if (!IDENTIFIER_PATTERN.test(name)) throw new TypeError(`sql: malformed identifier ${JSON.stringify(name)}`);
  return trusted(`\`${name}\``);
}

/** Joins fragments with a separator (`', '` by default); an empty list is an empty fragment. */
export function join(fragments: readonly Sql[], separator = ', '): Sql {
  const parts: (string | Param | Sql)[] = [];
  fragments.forEach((f, i) => {
    if (i > 0) parts.push(separator);
    parts.push(f);
  });
  return { [FRAGMENT]: true, parts };
}

/** The empty fragment (for optional clauses). */
export const empty: Sql = { [FRAGMENT]: true, parts: [] };

/** True for a fragment made by `sql`, `trusted`, `identifier`, `join`. */
export function isFragment(v: unknown): v is Sql {
  return typeof v === 'object' && v !== null && FRAGMENT in v;
}

function isParam(v: unknown): v is Param {
  return typeof v === 'object' && v !== null && PARAM in v;
}

/**
 * Renders a fragment: parameters are named in order of first appearance (`p0`, `p1`, … or the
 * hint, suffixed `_1`, `_2` … when taken), each `param` object once.
 */
export function render(fragment: Sql): RenderedSql {
  const names = new Map<Param, string>();
  const params: Record<string, unknown> = {};
  let counter = 0;
  const nameOf = (p: Param): string => {
    const known = names.get(p);
    if (known) return known;
    let name = p.hint ?? `p${counter++}`;
    if (Object.hasOwn(params, name)) {
      let i = 1;
      while (Object.hasOwn(params, `${p.hint ?? 'p'}_${i}`)) i++;
      name = `${p.hint ?? 'p'}_${i}`;
    }
    names.set(p, name);
    params[name] = p.value;
    return name;
  };
  let query = '';
  const walk = (f: Sql): void => {
    for (const part of f.parts) {
      if (typeof part === 'string') query += part;
      else if (isParam(part)) query += `{${nameOf(part)}:${part.type}}`;
      else walk(part);
    }
  };
  walk(fragment);
  return { query, params };
}
