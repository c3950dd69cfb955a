// The CRM record form, built from the account's customerTmp template: which fields, in the
// vendor's order, which are required, how values are checked before anything is sent, and what
// create / update send. Pure, so the rules are tested without a DOM.
import type { CustomerRecord } from '@shared/ipc/crm';
import type { AppInput } from '@shared/ipc/contract';
import type { CustomerField } from '@shared/model';

export interface FormField {
  key: string;
  label: string;
  required: boolean;
  /** Long free text gets a textarea. */
  multiline: boolean;
  /** A field the record carries that the template no longer lists. */
  extra: boolean;
}

export type FormValues = Record<string, string>;
export type FieldProblem = 'required' | 'phone' | 'tooLong';
export type FormProblems = Partial<Record<string, FieldProblem>>;

/** 7moor requires these two; every other template field is optional free text. */
export const REQUIRED_KEYS = ['name', 'phone'] as const;
const MULTILINE_KEYS = new Set(['remark', 'address']);
/** The contract's bounds (shared/ipc/crm.ts): longer keys cannot be sent at all. */
const MAX_KEY = 64;
const MAX_NAME = 100;
const MAX_VALUE = 2000;
const PHONE = /^[+\d\s\-().]+$/;

/**
 * The fields in the vendor's order. Name and phone come first only when the template forgets
 * them; fields a record has that the template lacks are kept at the end so editing never drops data.
 */
export function formFields(template: readonly CustomerField[], record?: CustomerRecord, fallbackLabels?: { name: string; phone: string }): FormField[] {
  const seen = new Set<string>();
  const fields: FormField[] = [];
  const add = (key: string, label: string, extra: boolean) => {
    if (seen.has(key) || key.length === 0 || key.length > MAX_KEY) return;
    seen.add(key);
    fields.push({ key, label: label.trim() || key, required: (REQUIRED_KEYS as readonly string[]).includes(key), multiline: MULTILINE_KEYS.has(key), extra });
  };
  for (const key of REQUIRED_KEYS) {
    if (!template.some((f) => f.key === key)) add(key, fallbackLabels?.[key] ?? key, false);
  }
  for (const field of template) add(field.key, field.label, false);
  for (const key of Object.keys(record?.fields ?? {})) add(key, key, true);
  return fields;
}

/** The values a form opens with: empty for a new customer, the record's for an edit. */
export function initialValues(fields: readonly FormField[], record?: CustomerRecord, preset?: FormValues): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    if (field.key === 'name') values.name = record?.name ?? preset?.name ?? '';
    else if (field.key === 'phone') values.phone = record?.phone ?? preset?.phone ?? '';
    else values[field.key] = record?.fields[field.key] ?? preset?.[field.key] ?? '';
  }
  return values;
}

export function checkField(field: FormField, value: string): FieldProblem | undefined {
  const trimmed = value.trim();
  if (field.required && trimmed.length === 0) return 'required';
  if (field.key === 'phone' && trimmed.length > 0 && (trimmed.length < 3 || trimmed.length > 32 || !PHONE.test(trimmed))) return 'phone';
  if (field.key === 'name' && trimmed.length > MAX_NAME) return 'tooLong';
  if (value.length > MAX_VALUE) return 'tooLong';
  return undefined;
}

export function validateCustomer(fields: readonly FormField[], values: FormValues): FormProblems {
  const problems: FormProblems = {};
  for (const field of fields) {
    const problem = checkField(field, values[field.key] ?? '');
    if (problem) problems[field.key] = problem;
  }
  return problems;
}

function otherFields(values: FormValues): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key !== 'name' && key !== 'phone') fields[key] = value.trim();
  }
  return fields;
}

export function createInput(accountId: string, values: FormValues): AppInput<'crm.createCustomer'> {
  const fields = Object.fromEntries(Object.entries(otherFields(values)).filter(([, value]) => value.length > 0));
  return { accountId, name: (values.name ?? '').trim(), phone: (values.phone ?? '').trim(), fields };
}

/**
 * Only what changed is sent: a field emptied by the agent is sent as '' so the vendor clears it.
 * Null when nothing changed.
 */
export function updateInput(record: CustomerRecord, values: FormValues): AppInput<'crm.updateCustomer'> | null {
  const input: AppInput<'crm.updateCustomer'> = { accountId: record.accountId, vendorId: record.vendorId, fields: {} };
  let changed = false;
  const name = (values.name ?? '').trim();
  const phone = (values.phone ?? '').trim();
  if (name !== record.name) {
    input.name = name;
    changed = true;
  }
  if (phone !== record.phone) {
    input.phone = phone;
    changed = true;
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(otherFields(values))) {
    if (value !== (record.fields[key] ?? '')) {
      fields[key] = value;
      changed = true;
    }
  }
  input.fields = fields;
  return changed ? input : null;
}

/**
 * The form field an error from main points at, if any: services say `details.field` (or list
 * `details.fields`), the IPC router's input check says `details.issues[].path` ("fields.remark").
 */
export function errorField(details: Record<string, unknown> | undefined, fields: readonly FormField[]): string | undefined {
  if (!details) return undefined;
  const candidates: string[] = [];
  if (typeof details.field === 'string') candidates.push(details.field);
  if (Array.isArray(details.fields)) candidates.push(...details.fields.filter((f): f is string => typeof f === 'string'));
  if (Array.isArray(details.issues)) {
    for (const issue of details.issues as unknown[]) {
      const path = (issue as { path?: unknown } | null)?.path;
      if (typeof path === 'string') candidates.push(path);
    }
  }
  for (const candidate of candidates) {
    const key = candidate.startsWith('fields.') ? candidate.slice('fields.'.length) : candidate;
    if (fields.some((f) => f.key === key)) return key;
  }
  return undefined;
}
