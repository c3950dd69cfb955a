// The whole preload: two functions on window.workphone, nothing else. Electron's event object
// never reaches the page, and each subscription returns its own unsubscribe. Bundled as one
// self-contained CommonJS file, because a sandboxed preload may require nothing but electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL, type Bridge, type Result } from '../../shared/ipc/define';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge: Bridge = {
  invoke(method: string, input: unknown): Promise<Result<unknown>> {
    return ipcRenderer.invoke(INVOKE_CHANNEL, String(method), input) as Promise<Result<unknown>>;
  },
  subscribe(event: string, listener: Listener): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const name = String(event);
    const set = listeners.get(name) ?? new Set<Listener>();
    listeners.set(name, set);
    const own: Listener = (payload) => listener(payload);
    set.add(own);
    return () => {
      set.delete(own);
    };
  },
};

contextBridge.exposeInMainWorld('workphone', bridge);
