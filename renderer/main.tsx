import { StrictMode, startTransition } from "react";
import { createRoot } from "react-dom/client";
import { ApiProvider } from "./api/ApiContext.js";
import { connectApi } from "./api/connect.js";
import type { ConnectionStatus } from "./api/connection.js";
import { App } from "./app/App.js";
import { ErrorBoundary } from "./app/ErrorBoundary.js";
import { warmFormats } from "./app/format.js";
import { prefetchInbox } from "./inbox/useInbox.js";
import "./styles.css";

const api = connectApi();
prefetchInbox(api);
// ICU starts up on the first Intl call (~0.1 s): make the formatters once connected (the first
// request has left), while its answer is on its way.
const unsubscribe = api.connection.onStatus(warmWhenConnected);
warmWhenConnected(api.connection.status());

function warmWhenConnected(status: ConnectionStatus): void {
  if (status !== "connected") return;
  unsubscribe();
  setTimeout(warmFormats, 0);
}

const root = createRoot(document.getElementById("root")!);
// A transition renders in slices: the socket's open event, which sends the first page's request,
// is handled between them instead of after the whole first render.
startTransition(() =>
  root.render(
    <StrictMode>
      <ApiProvider api={api}>
        <ErrorBoundary what="Countersign">
          <App />
        </ErrorBoundary>
      </ApiProvider>
    </StrictMode>,
  ),
);
