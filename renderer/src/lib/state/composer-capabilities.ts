// What the composer offers in a conversation, decided from the conversation alone, before the
// agent types anything: read-only conversations get their reason and the customer's numbers;
// the others get text (when the vendor can send it) and the "+" kinds the vendor supports.
import type { Conversation, ReplyKind } from '@shared/model';

/** The kinds the "+" menu can compose, in the order it lists them. */
export const ATTACH_KINDS = ['image', 'video', 'file', 'link', 'card', 'qvcard', 'miniProgram', 'officialAccount', 'batch'] as const satisfies readonly ReplyKind[];
export type AttachKind = (typeof ATTACH_KINDS)[number];

/** What a batch may hold (the vendor's batch send takes these). */
export const BATCH_ITEM_KINDS = ['text', 'image', 'video', 'file', 'link'] as const;
export type BatchItemKind = (typeof BATCH_ITEM_KINDS)[number];

export type ComposerMode =
  | { readOnly: true; reason: string | undefined; phones: string[] }
  | { readOnly: false; text: boolean; attach: AttachKind[]; batchItems: BatchItemKind[] };

export function composerMode(conversation: Pick<Conversation, 'readOnly' | 'readOnlyReason' | 'capabilities' | 'phones'>): ComposerMode {
  const can = new Set(conversation.capabilities);
  if (conversation.readOnly || can.size === 0) {
    return { readOnly: true, reason: conversation.readOnlyReason, phones: conversation.phones };
  }
  return {
    readOnly: false,
    text: can.has('text'),
    attach: ATTACH_KINDS.filter((k) => can.has(k)),
    batchItems: can.has('batch') ? BATCH_ITEM_KINDS.filter((k) => can.has(k)) : [],
  };
}

/** Whether a quick reply (or any composed content) of this kind can go out here. */
export function canSend(mode: ComposerMode, kind: ReplyKind): boolean {
  if (mode.readOnly) return false;
  if (kind === 'text') return mode.text;
  return (mode.attach as readonly string[]).includes(kind);
}
