import { useImperativeHandle, useRef, useState, type ReactNode, type Ref } from "react";

export interface DisclosureHandle {
  open(): void;
  contains(node: Node | null): boolean;
}

/** A <details> whose content is only rendered while open (editors inside cost nothing until then). */
export function Disclosure({ summary, defaultOpen = false, className, children, ref }: { summary: ReactNode; defaultOpen?: boolean; className?: string; children: ReactNode; ref?: Ref<DisclosureHandle> }) {
  const [open, setOpen] = useState(defaultOpen);
  const element = useRef<HTMLDetailsElement>(null);
  useImperativeHandle(ref, () => ({
    open: () => setOpen(true),
    contains: (node) => element.current?.contains(node) ?? false,
  }));
  return (
    <details ref={element} className={className} open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children}
    </details>
  );
}
