// Where a search hit takes the agent: a message opens its conversation scrolled to it, a contact
// its conversation, a call or an SMS the customer's timeline.
import type { SearchHit } from '@shared/ipc/search';
import { i18n } from '../../lib/i18n/i18n.svelte';
import type { AppState } from '../../lib/state/app.svelte';

export function openHit(app: AppState, hit: SearchHit): void {
  switch (hit.type) {
    case 'message':
      app.openConversation(hit.conversationId, hit.id);
      return;
    case 'contact':
      if (hit.conversationId !== undefined) app.openConversation(hit.conversationId);
      else app.notify('info', i18n.strings.search.noConversation);
      return;
    case 'call':
    case 'sms':
      app.openTimeline(hit.phone);
      return;
  }
}
