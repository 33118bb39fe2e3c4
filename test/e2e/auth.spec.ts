// The access token: pages and WebSocket connections without it (or with a wrong one) are refused;
// a page that somehow loaded without it shows "No access token" and gets no data. No cookie holds the
// token (every server on this host receives the cookies of 127.0.0.1): the page keeps it per origin.
import WebSocket from "ws";
import { detail, expect, only, openInbox, openItem, test } from "./fixtures.js";

/** The HTTP status a WebSocket handshake got: 101 when it opened, else the refusal's status. */
function handshake(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("error", (error) => reject(error));
  });
}

test("pages without the token or with a wrong one get 401; the WebSocket is refused without token, with a wrong token, or from another origin", async ({ page, server }) => {
  for (const path of ["/", "/index.html", "/?token=wrong", `/?token=${server.token.slice(0, -1)}`, "/assets/"]) {
    const response = await page.goto(`${server.origin}${path}`);
    expect(response?.status(), path).toBe(401);
    await expect(page.locator("body")).toHaveText("Unauthorized");
  }
  await expect(page.getByTestId("connection-status")).toHaveCount(0);

  const ws = server.origin.replace("http:", "ws:");
  const origin = { Origin: server.origin };
  expect(await handshake(`${ws}/ws`, origin)).toBe(401);
  expect(await handshake(`${ws}/ws?token=wrong`, origin)).toBe(401);
  expect(await handshake(`${ws}/ws?token=${server.token}`, { Origin: "http://evil.example" })).toBe(403);
  expect(await handshake(`${ws}/ws?token=${server.token}`, origin)).toBe(101);
});

test("with the token: the page connects, drops the token from the address bar, and another tab of the same browser gets in; no cookie holds the token", async ({ page, server, context }) => {
  const item = only(await server.run("ship-it"));
  await openInbox(page, server);
  expect(new URL(page.url()).searchParams.has("token")).toBe(false);
  await openItem(page, item);
  await page.reload();
  await expect(page.getByTestId("connection-status")).toHaveText("Connected");

  const tab = await context.newPage();
  await tab.goto(`${server.origin}/`);
  await expect(tab.getByTestId("connection-status")).toHaveText("Connected");
  await expect(tab.locator(`[role=row][data-item-id="${item.id}"]`)).toBeVisible();
  await tab.close();

  const cookies = await context.cookies();
  expect(cookies.length).toBeGreaterThan(0);
  for (const cookie of cookies) expect(cookie.value).not.toContain(server.token);
});

test("a page loaded without any token (no query, no cookie) shows “No access token” and no data", async ({ browser, server }) => {
  await server.run("ship-it");
  const context = await browser.newContext();
  try {
    // The page and its assets as a cache would give them back, fetched out of band with the token:
    // the browser itself never sees the token or the cookie, so only its WebSocket asks the server.
    await context.route(`${server.origin}/**`, async (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set("token", server.token);
      const response = await fetch(url);
      const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== "set-cookie"));
      await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
    });
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    await page.goto(`${server.origin}/`);

    await expect(page.getByTestId("connection-status")).toHaveText("No access token");
    await expect(page.getByRole("alert").filter({ hasText: "This page needs an access token" })).toBeVisible();
    await expect(page.getByRole("row")).toHaveCount(0);
    await expect(page.getByTestId("inbox-count")).not.toHaveText(/item/);
    // Nothing to connect with: no socket is even tried.
    expect(sockets).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    await expect(detail(page)).toContainText("Select an item");
  } finally {
    await context.close();
  }
});
