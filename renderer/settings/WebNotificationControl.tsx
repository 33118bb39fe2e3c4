// Browser mode's one way to ask for notification permission: a button the reviewer presses.
import { useState } from "react";
import { webPermission, type WebPermission } from "./web-notifications.js";

const env = () => ({ Notification: typeof Notification === "undefined" ? undefined : Notification });

export function WebNotificationControl({ compact = false }: { compact?: boolean }) {
  const [permission, setPermission] = useState<WebPermission>(() => webPermission(env()));
  if (permission === "unsupported") return compact ? null : <p className="muted small">This browser cannot show notifications.</p>;
  if (permission === "granted") return compact ? null : <p className="small" data-testid="web-notifications-state">Browser notifications are on for this page.</p>;
  if (permission === "denied") return compact ? null : <p className="muted small">Notifications are blocked for this page in the browser's site settings.</p>;
  return (
    <button type="button" className={compact ? "button" : "button primary"} onClick={() => void Notification.requestPermission().then((result) => setPermission(result))}>
      Enable notifications
    </button>
  );
}
