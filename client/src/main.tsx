import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { loadClientConfig } from "./config/client-config";
import "./styles/app.css";

const root = createRoot(document.getElementById("root") as HTMLElement);

loadClientConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: unknown) => {
    console.error(error);
    root.render(
      <main className="main">
        <div className="state state-error" role="alert">
          <h1>The app could not start</h1>
          <p>Its configuration could not be loaded. Reload the page to try again.</p>
        </div>
      </main>,
    );
  },
);
