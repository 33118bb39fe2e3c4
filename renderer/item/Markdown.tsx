import ReactMarkdown, { type Components } from "react-markdown";
import { externalUrl } from "../../shared/external-url.js";
import { revealControls } from "../../shared/text.js";

/** Only links the external-URL rule opens survive; anything else (javascript:, data:, relative) becomes "". */
export function safeUrl(url: string): string {
  return externalUrl(url) ?? "";
}

const components: Components = {
  a({ href, children, title }) {
    if (!href) return <span className="link-removed" title="Link removed: only http and https links are allowed">{children}</span>;
    return (
      <a href={href} title={title ?? href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  },
  // Images are not loaded (no tracking pixels, no remote content): their alt text is shown instead.
  img({ alt }) {
    return <span className="md-image">[image{alt ? `: ${alt}` : ""}]</span>;
  },
};

/**
 * Markdown from a payload, never as HTML: raw HTML in the source is shown as literal text (react-markdown
 * turns it into text nodes unless skipHtml removes it), so a reviewer sees `<script>` rather than losing it.
 */
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={`markdown ${className ?? ""}`}>
      <ReactMarkdown urlTransform={safeUrl} components={components}>
        {revealControls(text)}
      </ReactMarkdown>
    </div>
  );
}
