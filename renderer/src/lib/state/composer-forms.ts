// The small forms behind the composer's "+" menu and the quick-reply editor: which fields each
// kind asks for, and validation by the contract's own schema, so the form refuses exactly what
// main would refuse, field by field, before anything is sent.
import { ReplyContent } from '@shared/ipc/reply';
import type { AttachKind, BatchItemKind } from './composer-capabilities';

export type FieldKey = 'text' | 'url' | 'title' | 'description' | 'thumbUrl' | 'name' | 'nickname' | 'company';
export interface FieldSpec {
  key: FieldKey;
  required: boolean;
  multiline?: boolean;
  url?: boolean;
}

const f = (key: FieldKey, required = true, extra: Partial<FieldSpec> = {}): FieldSpec => ({ key, required, ...extra });
const URL_FIELD = f('url', true, { url: true });

export type FormKind = Exclude<AttachKind, 'batch'> | BatchItemKind;

export const FORM_FIELDS: Record<FormKind, FieldSpec[]> = {
  text: [f('text', true, { multiline: true })],
  image: [URL_FIELD],
  video: [URL_FIELD, f('title', false), f('thumbUrl', false, { url: true })],
  file: [URL_FIELD, f('name')],
  link: [URL_FIELD, f('title'), f('description', false, { multiline: true }), f('thumbUrl', false, { url: true })],
  card: [f('nickname')],
  qvcard: [f('nickname'), f('company')],
  miniProgram: [f('name')],
  officialAccount: [f('name')],
};

export type FieldValues = Partial<Record<FieldKey, string>>;
/** Why a field was refused, in words the form translates. */
export type FieldProblem = 'required' | 'url' | 'tooLong' | 'invalid';
export type FieldErrors = Partial<Record<FieldKey, FieldProblem>>;

function problemOf(code: string, message: string, field?: string): FieldProblem {
  // An empty link field is answered with what a link must look like: that says what to type.
  if ((code === 'too_small' || code === 'invalid_type') && field !== undefined && /url$/i.test(field)) return 'url';
  if (code === 'too_small' || code === 'invalid_type') return 'required';
  // The shared text rule reports a refused link by its rule key (shared/ipc/text.ts).
  if (code === 'custom' && message.startsWith('url.')) return 'url';
  if (code === 'too_big') return 'tooLong';
  return 'invalid';
}

/** Builds the content of one kind from what the agent typed; empty optional fields are left out. */
export function contentOf(kind: FormKind, values: FieldValues): Record<string, string> {
  const content: Record<string, string> = { kind };
  for (const field of FORM_FIELDS[kind]) {
    const value = values[field.key]?.trim() ?? '';
    if (value !== '' || field.required) content[field.key] = value;
  }
  return content;
}

export type Validated = { ok: true; content: ReplyContent } | { ok: false; errors: FieldErrors; itemErrors: FieldErrors[]; problem?: FieldProblem };

function issuesToErrors(issues: ReadonlyArray<{ path: PropertyKey[]; code: string; message: string }>, batch: boolean): { errors: FieldErrors; itemErrors: FieldErrors[]; problem?: FieldProblem } {
  const errors: FieldErrors = {};
  const itemErrors: FieldErrors[] = [];
  let problem: FieldProblem | undefined;
  for (const issue of issues) {
    const [first, second, third] = issue.path;
    if (batch && first === 'items' && typeof second === 'number' && typeof third === 'string') {
      const errs = (itemErrors[second] ??= {});
      errs[third as FieldKey] ??= problemOf(issue.code, issue.message, third);
    } else if (typeof first === 'string' && first !== 'kind' && first !== 'items') {
      errors[first as FieldKey] ??= problemOf(issue.code, issue.message, first);
    } else {
      // A batch with no items, or too many.
      problem ??= problemOf(issue.code, issue.message);
    }
  }
  return { errors, itemErrors, ...(problem ? { problem } : {}) };
}

export function validateForm(kind: FormKind, values: FieldValues): Validated {
  const parsed = ReplyContent.safeParse(contentOf(kind, values));
  if (parsed.success) return { ok: true, content: parsed.data };
  return { ok: false, ...issuesToErrors(parsed.error.issues, false) };
}

export function validateBatch(items: Array<{ kind: BatchItemKind; values: FieldValues }>): Validated {
  const parsed = ReplyContent.safeParse({ kind: 'batch', items: items.map((item) => contentOf(item.kind, item.values)) });
  if (parsed.success) return { ok: true, content: parsed.data };
  return { ok: false, ...issuesToErrors(parsed.error.issues, true) };
}

/** The form values that show an existing content again (editing a quick reply, a media snippet). */
export function valuesOf(content: ReplyContent): FieldValues {
  const values: FieldValues = {};
  for (const [key, value] of Object.entries(content)) if (typeof value === 'string' && key !== 'kind') values[key as FieldKey] = value;
  return values;
}
