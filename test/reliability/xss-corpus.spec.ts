// The XSS corpus rendered in Chromium (browser mode, the real host): every payload in an item's
// title, its markdown description, its action's name and args, and a chat message. Nothing runs
// (no window.__pwned, no dialog, no page error), no element is made from payload markup, no unsafe
// link is clickable, and the page requests nothing but its own server. The CSP is bypassed: this
// checks the renderer's own escaping, not the policy behind it.
import { detail, expect, openInbox, openItem, test } from "../e2e/fixtures.js";
import { expectNothingInjected } from "../e2e/injection.js";
import type { InboxItem } from "../../shared/inbox.js";
import { XSS_CORPUS } from "./xss-corpus.js";
import { reportFigures } from "./scale.js";

test.use({ bypassCSP: true });
test.setTimeout(15 * 60_000);

test(`${XSS_CORPUS.length} hostile payloads in titles, descriptions, args and messages: nothing executes, the page requests nothing elsewhere`, async ({ page, server }) => {
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("websocket", (socket) => requests.push(socket.url()));

  const items: InboxItem[] = [];
  for (const [i, payload] of XSS_CORPUS.entries()) {
    const [item] = await server.run("ask", {
      payload: [
        {
          action_request: { action: `act${i} ${payload}`, args: { payload, nested: { list: [payload] } } },
          config: { allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true },
          description: `Payload ${i}:\n\n${payload}`,
        },
      ],
    });
    items.push(item!);
  }
  // A plain-string interrupt: the payload is the title itself.
  const titled = await Promise.all(XSS_CORPUS.map((payload) => server.run("ask", { payload }).then((run) => run[0]!)));
  const [chat] = await server.run("support-agent", { messages: XSS_CORPUS.map((payload) => ({ role: "user", content: payload })) });

  await openInbox(page, server);
  await expect(page.getByTestId("inbox-count")).toHaveText(`${items.length + titled.length + 1} items`);
  await expectNothingInjected(page);

  for (const item of [...items, ...titled]) {
    await openItem(page, item);
    // Defused links are inert text: clicking one does nothing either.
    const removed = detail(page).locator(".link-removed");
    for (let n = await removed.count(), k = 0; k < n; k++) await removed.nth(k).click();
    await expectNothingInjected(page);
  }
  await openItem(page, chat!);
  const conversation = detail(page).getByRole("list", { name: "Conversation" });
  await expect(conversation).toContainText(XSS_CORPUS[1]!);
  await expectNothingInjected(page);

  const origin = server.origin.replace(/^http/, "");
  const elsewhere = requests.filter((url) => !url.replace(/^(https?|wss?)/, "").startsWith(origin));
  expect(elsewhere).toEqual([]);
  reportFigures("xss", { payloads: XSS_CORPUS.length, "items opened": items.length + titled.length + 1, "places per payload": "title, markdown description, action name, args, chat message", "requests elsewhere": elsewhere.length, "page requests seen": requests.length });
});
