// What an injected payload would leave in the page, checked the same way by every XSS test.
import { expect, type Page } from "@playwright/test";

/** Everything that would mean payload markup became DOM, or could run on a click. */
export async function expectNothingInjected(page: Page): Promise<void> {
  const found = await page.evaluate(() => {
    const all = [...document.querySelectorAll("*")];
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      img: document.querySelectorAll("img").length,
      svg: document.querySelectorAll("svg").length,
      iframe: document.querySelectorAll("iframe, object, embed, frame").length,
      bodyScripts: document.body.querySelectorAll("script").length,
      scripts: [...document.querySelectorAll("script")].map((script) => script.getAttribute("src") ?? "inline"),
      handlers: all.flatMap((el) => [...el.attributes].filter((attr) => attr.name.toLowerCase().startsWith("on")).map((attr) => `${el.tagName}[${attr.name}]`)),
      badLinks: [...document.body.querySelectorAll("[href], [src], [action], [formaction], [xlink\\:href]")]
        .map((el) => el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("action") ?? el.getAttribute("formaction") ?? "")
        .filter((url) => !/^(https?:|\.\/assets\/|#)/i.test(url.trim())),
    };
  });
  expect(found).toEqual({
    pwned: undefined,
    img: 0,
    svg: 0,
    iframe: 0,
    bodyScripts: 0,
    scripts: [expect.stringMatching(/^\.\/assets\/index-.*\.js$/)],
    handlers: [],
    badLinks: [],
  });
}

