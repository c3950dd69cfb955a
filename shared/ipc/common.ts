// Pieces several domains share: pages with an opaque keyset cursor, phone numbers, ids.
import { z } from 'zod';
import { singleLine } from './text';

/** Made by main (a UUID, or `demo-…`): letters, digits and a few separators, nothing a label could hide. */
export const AccountId = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'account id');
export const LocalId = z.number().int().positive();

/** An opaque keyset cursor: the renderer hands back what it was given, never builds one. */
export const Cursor = z.string().max(512);

export const PageInput = {
  cursor: Cursor.optional(),
  limit: z.number().int().min(1).max(500).default(50),
};

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: Cursor.optional() });
}

/** What an agent may type as a phone number; normalised in main (digits, optional leading +). */
export const PhoneInput = z.string().trim().min(3).max(32).regex(/^[+\d\s\-().]+$/, 'not a phone number');

/** An id a vendor gave (7moor agent id, customer id): one line of text. */
export const VendorKey = singleLine({ min: 1, max: 100 });

export const DateRange = z.object({ from: z.number().int().optional(), to: z.number().int().optional() });
