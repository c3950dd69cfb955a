// A button's action against main: disabled while it runs, a success notice when it ends well,
// the error's zh/en text as a notice when it does not.
import type { AppState } from './app.svelte';

export class BusyAction {
  busy = $state(false);

  /** The app is read when the action runs: a component's props can change after it is created. */
  constructor(private readonly app: () => AppState) {}

  async run(action: () => Promise<void>, done?: string): Promise<void> {
    this.busy = true;
    try {
      await action();
      if (done) this.app().notify('success', done);
    } catch (error) {
      this.app().notifyError(error);
    } finally {
      this.busy = false;
    }
  }
}
