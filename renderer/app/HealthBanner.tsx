import { useCallback, useEffect, useState } from "react";
import type { HostHealth } from "../../shared/inbox.js";
import { useApi, useHostEvents, useOnReconnect } from "../api/ApiContext.js";

/**
 * "The inbox stopped updating: <why>" with Retry, while the host's background loading or polling
 * fails; gone once it works again (a poll that succeeds, or Retry).
 */
export function HealthBanner() {
  const api = useApi();
  const [health, setHealth] = useState<HostHealth | null>(null);
  const [retrying, setRetrying] = useState(false);
  // What the last Retry found: still failing, or the call itself failed (the connection).
  const [retried, setRetried] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await api.health({});
    if (result.ok) setHealth(result.result);
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);
  // Events sent while disconnected are lost: ask again.
  useOnReconnect(() => void load());
  useHostEvents((event) => {
    if (event.type !== "health") return;
    setHealth(event.health);
    if (!event.health.problem) setRetried(null);
  });

  const retry = async () => {
    if (retrying) return;
    setRetrying(true);
    setRetried(null);
    try {
      const result = await api.retrySync({});
      if (!result.ok) setRetried(`Retry failed: ${result.error.message}`);
      else {
        setHealth(result.result);
        if (result.result.problem) setRetried("Tried again: still failing.");
      }
    } finally {
      setRetrying(false);
    }
  };

  const problem = health?.problem;
  if (!problem) return null;
  return (
    <div className="error-banner health-banner" role="alert" data-testid="health-banner">
      <span data-testid="health-message">The inbox stopped updating: {problem.message}</span>
      {retried && <span className="health-retried">{retried}</span>}
      {/* aria-disabled, not disabled: the button keeps keyboard focus while the retry runs. */}
      <button type="button" className="button small" onClick={() => void retry()} aria-disabled={retrying} aria-busy={retrying}>
        {retrying ? "Retrying…" : "Retry"}
      </button>
    </div>
  );
}
