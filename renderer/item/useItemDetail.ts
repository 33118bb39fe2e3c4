import { useCallback, useEffect, useRef, useState } from "react";
import type { CallOutputs } from "../../shared/contract.js";
import { useApi, useHostEvents } from "../api/ApiContext.js";

export type ItemDetailData = CallOutputs["getItem"];

/** getItem for the current item: its thread context and, once decided, its decision record. */
export function useItemDetail(itemId: string | null) {
  const api = useApi();
  const [detail, setDetail] = useState<ItemDetailData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const request = useRef(0);

  const load = useCallback(
    async (keep: boolean) => {
      const id = ++request.current;
      if (itemId === null) {
        setDetail(null);
        setError(null);
        return;
      }
      if (!keep) setDetail(null);
      setLoading(true);
      const result = await api.getItem({ itemId });
      if (id !== request.current) return;
      setLoading(false);
      if (result.ok) {
        setDetail(result.result);
        setError(null);
      } else {
        setError(result.error.message);
      }
    },
    [api, itemId],
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  // Another window or process may decide the item meanwhile: show its decision record. Its run goes on
  // after that (the record says "Running…"): reload again whenever the thread stops running.
  const threadId = detail?.item.threadId;
  useHostEvents((event) => {
    if (event.type === "item-resolved" && event.itemId === itemId) void load(true);
    else if (event.type === "thread-status" && event.thread.threadId === threadId && event.thread.status !== "running") void load(true);
  });

  const reload = useCallback(() => void load(true), [load]);
  return { detail, error, loading, reload };
}
