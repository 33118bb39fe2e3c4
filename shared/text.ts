// Characters that reorder or hide the text around them: bidi embeddings, overrides and isolates, the
// direction marks, zero-width characters. A payload can use them to make "send_email‮gnp.exe" read as
// "…exe.png": wherever payload text is shown, they are replaced (notifications) or shown as their code.

const BIDI_CLASS = "\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff";

/** The bidi and zero-width characters, one at a time (global). */
export const BIDI_CONTROLS = new RegExp(`[${BIDI_CLASS}]`, "g");

/** C0 and C1 control characters plus the bidi and zero-width ones: none belongs in one line of plain text. */
export const CONTROL_CHARACTERS = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI_CLASS}]`, "g");

/** `text` with each bidi or zero-width character shown as its code point, e.g. "⟨U+202E⟩", so it cannot reorder what the reviewer reads. */
export function revealControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (char) => `⟨U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`);
}
