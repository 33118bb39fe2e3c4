import { createContext, useContext, useEffect, useRef, type RefObject } from "react";

/** What the current item's decision form does for the item shortcuts (a, r, e, Ctrl+Enter). */
export interface ItemCommands {
  /** `a`: approve the whole item; returns a message when it cannot be approved as a whole. */
  approve(): string | null;
  /** `r`: choose reject (or respond) and focus the message box. */
  reject(): string | null;
  /** `e`: open the editor for the first editable action. */
  edit(): string | null;
  /** Ctrl+Enter. */
  submit(): void;
}

interface KeyboardRegistry {
  item: RefObject<ItemCommands | null>;
  /** `a` while rows are ticked: approve them (the bulk bar); returns a message when it cannot. */
  bulkApprove: RefObject<(() => string | null) | null>;
  /** Ctrl+Enter goes to the last registered handler (an open dialog before the item form). */
  submitStack: RefObject<Array<RefObject<() => void>>>;
}

export const KeyboardContext = createContext<KeyboardRegistry | null>(null);

export function useKeyboardRegistry(): KeyboardRegistry {
  const registry = useContext(KeyboardContext);
  if (!registry) throw new Error("useKeyboardRegistry outside KeyboardContext");
  return registry;
}

/** Registers the item form's commands while mounted. */
export function useItemCommands(commands: ItemCommands): void {
  const { item } = useKeyboardRegistry();
  const latest = useRef(commands);
  useEffect(() => {
    latest.current = commands;
  });
  useEffect(() => {
    const proxy: ItemCommands = {
      approve: () => latest.current.approve(),
      reject: () => latest.current.reject(),
      edit: () => latest.current.edit(),
      submit: () => latest.current.submit(),
    };
    item.current = proxy;
    return () => {
      if (item.current === proxy) item.current = null;
    };
  }, [item]);
}

/** Registers the bulk bar's approve for `a` while mounted. */
export function useBulkApproveCommand(approve: () => string | null): void {
  const { bulkApprove } = useKeyboardRegistry();
  const latest = useRef(approve);
  useEffect(() => {
    latest.current = approve;
  });
  useEffect(() => {
    const proxy = () => latest.current();
    bulkApprove.current = proxy;
    return () => {
      if (bulkApprove.current === proxy) bulkApprove.current = null;
    };
  }, [bulkApprove]);
}

/** Makes Ctrl/Cmd+Enter call `handler` while `active` (e.g. while a dialog is open). */
export function useSubmitShortcut(handler: () => void, active: boolean): void {
  const { submitStack } = useKeyboardRegistry();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!active) return;
    const stack = submitStack.current;
    stack.push(latest);
    return () => {
      const index = stack.lastIndexOf(latest);
      if (index >= 0) stack.splice(index, 1);
    };
  }, [active, submitStack]);
}

const TEXT_INPUT_TYPES = new Set(["text", "search", "email", "url", "tel", "password", "number", "date", "datetime-local", "month", "time", "week"]);

/** True while the user types: single-key shortcuts must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest(".cm-editor")) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
}

/** True where arrow keys already mean something (radios, selects, text). */
export function ownsArrowKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return isTypingTarget(target) || target instanceof HTMLInputElement || target.closest("[role=tablist]") !== null;
}

export function modalOpen(): boolean {
  return document.querySelector("dialog[open]") !== null;
}
