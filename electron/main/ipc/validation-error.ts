// Turns a refused input into the VALIDATION error the caller gets. Two rules: the error names the
// place by the schema's own path (a key the caller made up — a record's key, an unknown field —
// becomes `*` or is only counted), and its words come from here or from the contract's input
// rules, never from the input: a form may hold a secret, and whatever is echoed is attacker text.
import type { z } from 'zod';
import type { SerializedError } from '@shared/errors';
import { INPUT_RULES, isInputRule } from '@shared/ipc/text';

export interface InputIssue {
  path: string;
  code: string;
  message: string;
  messageZh: string;
}

/** At most this many issues travel in `details.issues`. */
const MAX_ISSUES = 20;

export function validationError(schema: z.ZodType, error: z.ZodError, input: unknown): SerializedError {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => describeIssue(schema, issue, input));
  const first = issues[0];
  const rule = error.issues[0]?.code === 'custom' && isInputRule(error.issues[0].message) ? error.issues[0].message : undefined;
  return {
    code: 'VALIDATION',
    message: first ? `Invalid input at ${first.path}: ${first.message}` : 'Invalid input',
    messageZh: first ? `输入有误（${first.path}）：${first.messageZh}` : '输入有误',
    // `field` and `reason` as the services' own checks say them, so a form marks the right field.
    details: { issues, ...(first ? { field: first.path } : {}), ...(rule ? { reason: rule } : {}) },
  };
}

function describeIssue(schema: z.ZodType, issue: z.core.$ZodIssue, input: unknown): InputIssue {
  const path = schemaPath(schema, issue.path);
  const { en, zh } = words(issue, valueAt(input, issue.path));
  return { path, code: issue.code, message: en, messageZh: zh };
}

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '是或否',
  object: '对象',
  array: '列表',
  bigint: '整数',
  date: '日期',
  null: '空值',
  undefined: '空',
};

function words(issue: z.core.$ZodIssue, value: unknown): { en: string; zh: string } {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return { en: 'is required', zh: '必填' };
      return { en: `must be ${article(issue.expected)}`, zh: `应为${TYPE_ZH[issue.expected] ?? issue.expected}` };
    case 'too_big':
      return bound(issue.origin, 'max', Number(issue.maximum));
    case 'too_small':
      return bound(issue.origin, 'min', Number(issue.minimum));
    case 'invalid_format':
      return { en: 'has the wrong format', zh: '格式不正确' };
    case 'not_multiple_of':
      return { en: `must be a multiple of ${String(issue.divisor)}`, zh: `必须是 ${String(issue.divisor)} 的倍数` };
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? { en: 'has a field this version does not know', zh: '包含一个此版本不认识的字段' }
        : { en: `has ${issue.keys.length} fields this version does not know`, zh: `包含 ${issue.keys.length} 个此版本不认识的字段` };
    case 'invalid_union':
      return { en: 'matches none of the allowed forms', zh: '不符合任何允许的格式' };
    case 'invalid_key':
      return { en: 'has a key that is not allowed', zh: '包含不允许的键' };
    case 'invalid_element':
      return { en: 'has an item that is not allowed', zh: '包含不允许的项' };
    case 'invalid_value':
      return { en: 'is not one of the allowed values', zh: '不是允许的取值' };
    case 'custom':
      if (isInputRule(issue.message)) return INPUT_RULES[issue.message];
      return { en: 'is not valid', zh: '无效' };
    default:
      return { en: 'is not valid', zh: '无效' };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function bound(origin: string, side: 'min' | 'max', limit: number): { en: string; zh: string } {
  if (origin === 'string') {
    if (side === 'min' && limit <= 1) return { en: 'must not be empty', zh: '不能为空' };
    return side === 'max'
      ? { en: `is too long (at most ${limit} characters)`, zh: `过长（最多 ${limit} 个字符）` }
      : { en: `is too short (at least ${limit} characters)`, zh: `过短（至少 ${limit} 个字符）` };
  }
  if (origin === 'array' || origin === 'set') {
    return side === 'max'
      ? { en: `has too many items (at most ${limit})`, zh: `项目过多（最多 ${limit} 项）` }
      : { en: `has too few items (at least ${limit})`, zh: `项目过少（至少 ${limit} 项）` };
  }
  return side === 'max' ? { en: `must be at most ${limit}`, zh: `不能大于 ${limit}` } : { en: `must be at least ${limit}`, zh: `不能小于 ${limit}` };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || typeof key === 'symbol') return undefined;
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The path as the contract spells it

type Def = { type: string } & Record<string, unknown>;

function defOf(schema: unknown): Def | undefined {
  return (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'success']);

/**
 * The labels of `path` below `schema`: each segment the schema names, `*` for one it does not
 * (a record's key, an unknown field, anything under those). Where a union's options differ, the
 * option that names the most segments wins: that is the branch the caller meant.
 */
function labelsOf(schema: unknown, path: readonly PropertyKey[], depth = 0): { labels: string[]; named: number } {
  const def = defOf(schema);
  if (path.length === 0) return { labels: [], named: 0 };
  const [key, ...rest] = path;
  const unnamed = { labels: path.map(() => '*'), named: 0 };
  if (!def || depth > 64) return unnamed;
  const below = (next: unknown, label: string, namedHere: boolean) => {
    const tail = labelsOf(next, rest, depth + 1);
    return { labels: [label, ...tail.labels], named: tail.named + (namedHere ? 1 : 0) };
  };
  const best = (options: unknown[]) =>
    options.map((option) => labelsOf(option, path, depth + 1)).reduce((a, b) => (b.named > a.named ? b : a), unnamed);
  if (WRAPPERS.has(def.type)) return labelsOf(def['innerType'], path, depth + 1);
  switch (def.type) {
    case 'object': {
      const shape = def['shape'] as Record<string, unknown>;
      return typeof key === 'string' && Object.hasOwn(shape, key) ? below(shape[key], key, true) : unnamed;
    }
    case 'record':
    case 'map':
      return below(def['valueType'], '*', false);
    case 'array':
      return typeof key === 'number' ? below(def['element'], String(key), true) : unnamed;
    case 'tuple': {
      const items = def['items'] as unknown[];
      return typeof key === 'number' && key < items.length ? below(items[key], String(key), true) : unnamed;
    }
    case 'pipe':
      return best([def['in'], def['out']]);
    case 'union':
      return best(def['options'] as unknown[]);
    case 'intersection':
      return best([def['left'], def['right']]);
    case 'lazy':
      return labelsOf((def['getter'] as () => unknown)(), path, depth + 1);
    default:
      return unnamed;
  }
}

/** "settings.wechatIds.0", with every segment the contract does not name shown as `*`. */
export function schemaPath(schema: z.ZodType, path: readonly PropertyKey[]): string {
  const { labels } = labelsOf(schema, path);
  return labels.length > 0 ? labels.join('.') : '(root)';
}
