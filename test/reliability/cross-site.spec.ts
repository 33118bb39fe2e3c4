// A cross-site WebSocket from a real browser: a page of another origin on this machine (another
// local server, or a site the user visits) opens a WebSocket to the inbox, even knowing the token.
// Chromium sends that page's Origin, so the handshake is refused and no message is ever received.
// (Without the token, with a wrong one and with a forged Origin header: test/e2e/auth.spec.ts and
// test/integration/server/websocket.test.ts; a non-loopback bind: test/integration/server/serve.test.ts.)
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "../e2e/fixtures.js";
import { reportFigures } from "./scale.js";

test("a page of another origin cannot open the inbox's WebSocket, with or without the token", async ({ page, server }) => {
  const other = createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>another site</title>"));
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = other.address() as AddressInfo;
    const ws = server.origin.replace("http:", "ws:");
    const attempts = { "with the token": `${ws}/ws?token=${server.token}`, "without it": `${ws}/ws`, "via localhost": `${ws.replace("127.0.0.1", "localhost")}/ws?token=${server.token}` };
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      await page.goto(`${origin}/`);
      for (const [what, url] of Object.entries(attempts)) {
        const outcome = await page.evaluate(
          (target) =>
            new Promise<string>((resolve) => {
              const socket = new WebSocket(target);
              socket.onopen = () => resolve("open");
              socket.onmessage = () => resolve("message");
              socket.onclose = (event) => resolve(`closed ${event.code}`);
            }),
          url,
        );
        expect(outcome, `${what} from ${origin}`).toBe("closed 1006");
      }
    }
    reportFigures("cross-site", { "cross-site WebSocket attempts from Chromium": 6, opened: 0 });
  } finally {
    await new Promise((resolve) => other.close(resolve));
  }
});
