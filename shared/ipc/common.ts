// Pieces several domains share: pages with an opaque keyset cursor, phone numbers, ids.
import { z } from 'zod';

export const AccountId = z.string().min(1).max(64);
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

export const DateRange = z.object({ from: z.number().int().optional(), to: z.number().int().optional() });
