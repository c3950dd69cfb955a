// One instance of a view's state per AppState: the view keeps its filters, list and scroll
// position when the agent leaves it and comes back, and other views can steer it (open the SMS
// tab filtered to a number) before navigating there.
import type { AppState } from './app.svelte';

export function perApp<T>(create: (app: AppState) => T): (app: AppState) => T {
  const states = new WeakMap<AppState, T>();
  return (app) => {
    let state = states.get(app);
    if (state === undefined) {
      state = create(app);
      states.set(app, state);
    }
    return state;
  };
}
