// Hostile inputs for every contract method, made from the method's own zod schema: a plausible
// input is built first (ids that exist nowhere, so an accepted call changes nothing by accident),
// then broken at random places — wrong types, unknown and prototype keys, 5 MB strings, deep
// nesting, numbers JSON cannot carry, broken text, FTS5 syntax. Seeded: a failing run prints its
// seed and runs again the same.
//
// Inputs are JSON text, not values: `"__proto__"` as an own key, `1e400` and a 20,000-deep array
// can only be said on the wire. Every string and key the fuzzer chooses holds MARK, so a reply that
// repeats caller text is caught.
import type { z } from 'zod';
import { ERROR_CODES } from '@shared/errors';
import type { Result } from '@shared/ipc/define';
import { seededRandom } from '../../electron/main/vendors/seeded-random';

export const MARK = 'FZq7x';

/** The project's one seeded generator (mulberry32): the same mutations for the same seed everywhere. */
export const rng = seededRandom;

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: unknown): Def | undefined => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;

// ---------------------------------------------------------------------------------------------
// A plausible input

const STRING_CANDIDATES = ['acc-fuzz-none', 'fuzz', '13800138000', 'https://example.invalid/fuzz', '1', 'v2', 'x'];
const NUMBER_CANDIDATES = [987_654_321, 1, 50, 0, 1_700_000_000_000];

function sampleOf(schema: unknown, rand: Rand, depth = 0): unknown {
  const def = defOf(schema);
  if (!def || depth > 20) return undefined;
  const leaf = schema as z.ZodType;
  switch (def.type) {
    case 'optional':
      return rand() < 0.5 ? undefined : sampleOf(def['innerType'], rand, depth + 1);
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return sampleOf(def['innerType'], rand, depth + 1);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(def['shape'] as Record<string, unknown>)) {
        const sample = sampleOf(value, rand, depth + 1);
        if (sample !== undefined) out[key] = sample;
      }
      return out;
    }
    case 'string':
      return STRING_CANDIDATES.find((c) => leaf.safeParse(c).success) ?? 'x';
    case 'number':
      return NUMBER_CANDIDATES.find((c) => leaf.safeParse(c).success) ?? 1;
    case 'boolean':
      return rand() < 0.5;
    case 'enum':
      return pick(rand, Object.values(def['entries'] as Record<string, unknown>));
    case 'literal':
      return (def['values'] as unknown[])[0];
    case 'union':
      return sampleOf(pick(rand, def['options'] as unknown[]), rand, depth + 1);
    case 'intersection':
      return { ...(sampleOf(def['left'], rand, depth + 1) as object), ...(sampleOf(def['right'], rand, depth + 1) as object) };
    case 'array': {
      const item = sampleOf(def['element'], rand, depth + 1);
      const array = [item];
      while (!leaf.safeParse(array).success && array.length < 5) array.push(sampleOf(def['element'], rand, depth + 1));
      return array;
    }
    case 'tuple':
      return (def['items'] as unknown[]).map((item) => sampleOf(item, rand, depth + 1));
    case 'record':
      return {};
    case 'pipe':
      return sampleOf(def['in'], rand, depth + 1);
    case 'lazy':
      return sampleOf((def['getter'] as () => unknown)(), rand, depth + 1);
    case 'null':
      return null;
    default:
      return 'x';
  }
}

/** A plausible input: what the renderer could send, aimed at nothing that exists. */
export function plausibleInput(schema: z.ZodType, rand: Rand): unknown {
  let best: unknown = sampleOf(schema, rand);
  for (let i = 0; i < 20 && !schema.safeParse(best).success; i++) best = sampleOf(schema, rand);
  return best ?? {};
}

// ---------------------------------------------------------------------------------------------
// Breaking it

/** Raw JSON spliced in where a placeholder string stands: what JSON.stringify cannot write. */
interface Raw {
  placeholders: Map<string, string>;
}

const DEEP_ARRAY = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
const RAW_NUMBERS = ['1e400', '-1e400', '9007199254740993', '1e308', '-0', '4.9e-324', '123456789012345678901234567890', '0.1e-999'];
export const FTS_SYNTAX = ['"', '*', 'NEAR(', 'a OR', '-', '^', `${MARK}"`, `"${MARK}`, `${MARK}*`, `NEAR(${MARK}`, `${MARK} OR`, `-${MARK}`, `^${MARK}`, `${MARK} AND`, `text:${MARK}`, `(${MARK}`, `${MARK})`, `${MARK} NOT`, `{${MARK}}`, `${MARK}'`, `' OR 1=1 --${MARK}`, '%', '_', 'AND', 'NEAR', '""'];
const BROKEN_TEXT = [`${MARK}\ud800`, `\udfff${MARK}`, `${MARK}\u0000`, `${MARK}\u001b[2J`, `${MARK}\u0007`, `${MARK}\u202e`, `${MARK}\u2066`, `${MARK}\u0085`, `${MARK}\r\n\r\n`, `${MARK}${'\u0301'.repeat(500)}`, '', '   ', `${MARK}${'😀'.repeat(2000)}`, `${MARK}${'a'.repeat(10_000)}`, `javascript:alert('${MARK}')`, `file:///etc/${MARK}`, `https://${MARK}:pw@example.com`, `data:text/html,<script>${MARK}</script>`];
const WRONG_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, -1e-7, MARK, [], {}, [MARK], { [MARK]: MARK }, 2 ** 53, -(2 ** 53)];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return root;
}

function deleteAt(root: unknown, path: Path): void {
  if (path.length === 0) return;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  if (Array.isArray(node)) node.splice(Number(path.at(-1)), 1);
  else delete node[path.at(-1)!];
}

function at(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}

export interface HostileInput {
  /** The JSON text of `input` in the frame, or undefined for a frame without an input. */
  text: string | undefined;
  /** What was done, for the failure message. */
  what: string;
}

export interface InputBudget {
  /** 5 MB strings still allowed (they cost real time on 2 cores). */
  bigStrings: number;
}

/** One hostile input for a method, from its plausible input. */
export function hostileInput(schema: z.ZodType, rand: Rand, budget: InputBudget, options: { fts?: boolean } = {}): HostileInput {
  const raw: Raw = { placeholders: new Map() };
  const rawValue = (json: string) => {
    const key = `@@raw${raw.placeholders.size}@@`;
    raw.placeholders.set(key, json);
    return key;
  };
  let input: unknown = structuredClone(plausibleInput(schema, rand));
  const what: string[] = [];

  const roll = rand();
  if (roll < 0.04) {
    const whole = pick(rand, ['absent', 'null', '[]', `"${MARK}"`, '42', 'true', DEEP_ARRAY, '1e400']);
    return { text: whole === 'absent' ? undefined : whole, what: `input ${whole.slice(0, 20)}` };
  }

  const mutations = 1 + Math.floor(rand() * 3);
  for (let m = 0; m < mutations; m++) {
    const paths = pathsOf(input);
    const path = pick(rand, paths);
    const here = at(input, path);
    const objects = paths.filter((p) => {
      const v = at(input, p);
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    });
    const kind = rand();
    const stringish = typeof here === 'string';
    if (options.fts && rand() < 0.5) {
      const queryPaths = paths.filter((p) => typeof at(input, p) === 'string');
      const target = queryPaths.length > 0 ? pick(rand, queryPaths) : path;
      input = setAt(input, target, pick(rand, FTS_SYNTAX));
      what.push(`fts at ${target.join('.')}`);
    } else if (kind < 0.18) {
      input = setAt(input, path, structuredClone(pick(rand, WRONG_VALUES)));
      what.push(`wrong type at ${path.join('.')}`);
    } else if (kind < 0.32 && objects.length > 0) {
      const target = pick(rand, objects);
      const key = rand() < 0.5 ? pick(rand, PROTO_KEYS) : `${MARK}_${Math.floor(rand() * 1000)}`;
      // A prototype key cannot be an own key of a JS object literal: a placeholder key is swapped for it in the text.
      const keyText = PROTO_KEYS.includes(key) ? rawKey(raw, key) : key;
      (at(input, target) as Record<string, unknown>)[keyText] = rand() < 0.5 ? { polluted: MARK } : MARK;
      what.push(`extra key ${key} at ${target.join('.')}`);
    } else if (kind < 0.4 && path.length > 0) {
      deleteAt(input, path);
      what.push(`removed ${path.join('.')}`);
    } else if (kind < 0.47) {
      input = setAt(input, path, rawValue(pick(rand, RAW_NUMBERS)));
      what.push(`raw number at ${path.join('.')}`);
    } else if (kind < 0.52) {
      input = setAt(input, path, rawValue(rand() < 0.5 ? DEEP_ARRAY : DEEP_OBJECT));
      what.push(`deep nesting at ${path.join('.')}`);
    } else if (kind < 0.55 && budget.bigStrings > 0) {
      budget.bigStrings--;
      input = setAt(input, path, `${MARK}${'x'.repeat(5 * 1024 * 1024)}`);
      what.push(`5 MB string at ${path.join('.')}`);
    } else if (kind < 0.8 || stringish) {
      input = setAt(input, path, pick(rand, rand() < 0.3 ? FTS_SYNTAX : BROKEN_TEXT));
      what.push(`broken text at ${path.join('.')}`);
    } else {
      input = setAt(input, path, [structuredClone(at(input, path)), MARK]);
      what.push(`wrapped in a list at ${path.join('.')}`);
    }
  }

  let text = JSON.stringify(input) ?? 'null';
  for (const [key, json] of raw.placeholders) text = text.split(JSON.stringify(key)).join(json);
  return { text, what: what.join(', ') };
}

function rawKey(raw: Raw, key: string): string {
  const placeholder = `@@key${raw.placeholders.size}@@`;
  raw.placeholders.set(placeholder, JSON.stringify(key));
  return placeholder;
}

// ---------------------------------------------------------------------------------------------
// Values only the desktop app's IPC can carry (structured clone): for the in-process pass

export function cloneOnlyValues(): unknown[] {
  const circular: Record<string, unknown> = { [MARK]: MARK };
  circular['self'] = circular;
  // An array with holes (no value at 0 and 1), which structured clone keeps as holes.
  const sparse: unknown[] = new Array<unknown>(3);
  sparse[2] = MARK;
  return [
    NaN,
    Infinity,
    -Infinity,
    -0,
    1n << 100n,
    new Map([[MARK, MARK]]),
    new Set([MARK]),
    new Date(Number.NaN),
    new Date(0),
    undefined,
    new Uint8Array([1, 2, 3]),
    circular,
    sparse,
    /FZ/g,
    new Error(MARK),
    Object(MARK) as unknown,
  ];
}

/** A plausible input with one clone-only value at a random place. */
export function cloneOnlyInput(schema: z.ZodType, rand: Rand): { input: unknown; what: string } {
  let input: unknown = structuredClone(plausibleInput(schema, rand));
  const values = cloneOnlyValues();
  const index = Math.floor(rand() * values.length);
  const path = pick(rand, pathsOf(input));
  input = setAt(input, path, values[index]);
  return { input, what: `clone-only value #${index} at ${path.join('.') || '(root)'}` };
}

/** What is wrong with a reply to a hostile input, or undefined: typed, not INTERNAL, no echo. */
export function typedProblem(result: Result<unknown>): string | undefined {
  if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') return 'not a result';
  if (result.ok) return undefined;
  const error = result.error;
  if (!(ERROR_CODES as readonly string[]).includes(error?.code)) return `unknown code ${String(error?.code)}`;
  if (typeof error.message !== 'string' || error.message === '' || typeof error.messageZh !== 'string' || error.messageZh === '') return 'no message';
  if (error.code === 'INTERNAL') return 'INTERNAL';
  if (JSON.stringify(error).includes(MARK)) return 'echoes caller text';
  return undefined;
}
