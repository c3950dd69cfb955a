// The update domain's IPC: the status the notice and Settings → Updates show, and what the agent
// (or an administrator at the desk) may ask for. The work is UpdateService's (update/service.ts).
import type { AppContract } from '@shared/ipc/contract';
import type { updateMethods } from '@shared/ipc/update';
import type { Handlers } from '../ipc/router';
import type { UpdateService } from '../update/service';

export function createUpdateHandlers(updates: UpdateService): Pick<Handlers<AppContract>, keyof typeof updateMethods> {
  return {
    'update.getStatus': () => updates.status(),
    'update.checkNow': () => updates.checkNow(),
    'update.setFeedUrl': ({ url }) => updates.setFeedUrl(url),
    'update.restartToUpdate': () => updates.restartToUpdate(),
    'update.confirmDraftsSaved': () => {
      updates.confirmDraftsSaved();
      return {};
    },
  };
}
