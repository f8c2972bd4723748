// The app's state outside the server's data: which cluster is on screen (or the All contexts
// table), and the view state of every context (see view-state.ts).
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type ContextView, freshView } from './view-state.js';

export const ALL_CONTEXTS = '\u0000all';

interface Store {
  /** The cluster on screen, or ALL_CONTEXTS. */
  cluster: string | undefined;
  setCluster(name: string): void;
  viewOf(cluster: string): ContextView;
  update(cluster: string, change: (view: ContextView) => ContextView): void;
  help: boolean;
  setHelp(open: boolean): void;
  /** A short message for the status bar ("copied", "diff is not available yet"). */
  notice: string | null;
  say(message: string): void;
}

const StoreContext = createContext<Store | null>(null);

export function StoreProvider({ children }: { children: ReactNode }) {
  const [cluster, setCluster] = useState<string | undefined>(undefined);
  const [views, setViews] = useState<Map<string, ContextView>>(() => new Map());
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const viewOf = useCallback((name: string) => views.get(name) ?? freshView(), [views]);
  const update = useCallback((name: string, change: (view: ContextView) => ContextView) => {
    setViews((all) => new Map(all).set(name, change(all.get(name) ?? freshView())));
  }, []);
  const say = useCallback((message: string) => {
    setNotice(message);
    window.setTimeout(() => setNotice((now) => (now === message ? null : now)), 4000);
  }, []);

  const store = useMemo(
    () => ({ cluster, setCluster, viewOf, update, help, setHelp, notice, say }),
    [cluster, viewOf, update, help, notice, say],
  );
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside StoreProvider');
  return store;
}

/** The current context's view state and a setter bound to it. */
export function useContextView(
  cluster: string,
): [ContextView, (change: (view: ContextView) => ContextView) => void] {
  const { viewOf, update } = useStore();
  const set = useCallback(
    (change: (view: ContextView) => ContextView) => update(cluster, change),
    [update, cluster],
  );
  return [viewOf(cluster), set];
}
