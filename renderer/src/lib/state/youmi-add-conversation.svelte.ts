// Adding a Youmi conversation by its key (Settings → account details): the operating account
// (one the account follows) and the fan's key, checked here with the contract's own rule before
// Youmi is asked (sync.addYoumiConversation asks Youmi whether that chat exists).
import type { Conversation } from '@shared/model';
import { INPUT_RULES, textProblem, type InputRule } from '@shared/ipc/text';
import type { Client } from '../ipc/client';

/** GetChat's fansKey bound in the contract (shared/ipc/youmi.ts). */
const FANS_KEY_MAX = 128;

export type FansKeyProblem = 'required' | 'spaces' | 'tooLong' | InputRule;

export function fansKeyProblem(value: string): FansKeyProblem | undefined {
  const key = value.trim();
  if (!key) return 'required';
  const rule = textProblem(key, false);
  if (rule) return rule;
  if (/\s/.test(key)) return 'spaces';
  if (key.length > FANS_KEY_MAX) return 'tooLong';
  return undefined;
}

/** A problem in the agent's language: the form's own words, or the shared rule's sentence. */
export function fansKeyProblemText(problem: FansKeyProblem, own: Record<'required' | 'spaces' | 'tooLong', string>, language: 'zh' | 'en'): string {
  return problem === 'required' || problem === 'spaces' || problem === 'tooLong' ? own[problem] : INPUT_RULES[problem][language];
}

export class AddYoumiConversation {
  wechatId = $state('');
  fansKey = $state('');
  problem = $state<FansKeyProblem | undefined>(undefined);
  /** Youmi's or main's refusal, as thrown. */
  failure = $state<unknown>(undefined);
  busy = $state(false);
  readonly #client: Client;
  readonly #accountId: string;

  constructor(client: Client, accountId: string, wechatIds: readonly string[]) {
    this.#client = client;
    this.#accountId = accountId;
    this.wechatId = wechatIds[0] ?? '';
  }

  /** The added conversation, or undefined when the input or Youmi refused it (see problem / failure). */
  async submit(): Promise<Conversation | undefined> {
    this.failure = undefined;
    this.problem = fansKeyProblem(this.fansKey);
    if (this.problem || this.busy) return undefined;
    this.busy = true;
    try {
      const conversation = await this.#client.invoke('sync.addYoumiConversation', { accountId: this.#accountId, wechatId: this.wechatId, fansKey: this.fansKey.trim() });
      this.fansKey = '';
      return conversation;
    } catch (error) {
      this.failure = error;
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
