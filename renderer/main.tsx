import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApiProvider } from "./api/ApiContext.js";
import { connectApi } from "./api/connect.js";
import { App } from "./app/App.js";
import "./styles.css";

const api = connectApi();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ApiProvider api={api}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
