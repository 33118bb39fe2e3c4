// The app's settings: one versioned file in the data folder (settings.json), its schema here so the
// main thread that keeps it and the renderer's settings screen read the same rules.
import { z } from "zod";

export const SETTINGS_VERSION = 1;
export const SETTINGS_FILE = "settings.json";

/** Minutes an item may wait before its reminder; up to 30 days. */
export const ReminderMinutes = z.number().int().min(1).max(43_200);

const Key = z.string().min(1).max(512);

export const ReminderSettings = z
  .object({
    /** For items of a graph (or source) with no entry of its own; null: no reminders. */
    default: ReminderMinutes.nullable().default(null),
    /** Per graph id; null turns reminders off for that graph whatever the default. */
    graphs: z.record(Key, ReminderMinutes.nullable()).default({}),
    /** Per source (a remote deployment); an item's graph entry comes before its source's. */
    sources: z.record(Key, ReminderMinutes.nullable()).default({}),
  })
  .strict();
export type ReminderSettings = z.infer<typeof ReminderSettings>;

export const WindowBounds = z
  .object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().min(200).max(100_000),
    height: z.number().int().min(200).max(100_000),
    maximized: z.boolean().default(false),
  })
  .strict();
export type WindowBounds = z.infer<typeof WindowBounds>;

export const Settings = z
  .object({
    version: z.literal(SETTINGS_VERSION),
    startAtLogin: z.boolean().default(false),
    notifications: z
      .object({
        enabled: z.boolean().default(true),
        /** Approve and Reject on single-item notifications (macOS and Windows). */
        actions: z.boolean().default(false),
      })
      .strict()
      .default({ enabled: true, actions: false }),
    /** Epoch milliseconds until which no notification is shown; null: not paused. */
    doNotDisturbUntil: z.number().int().min(0).nullable().default(null),
    reminders: ReminderSettings.default({ default: null, graphs: {}, sources: {} }),
    /** Closing the window keeps Countersign running in the tray. */
    closeToTray: z.boolean().default(true),
    /** The window's last size and position; null until it is first moved or resized. */
    window: WindowBounds.nullable().default(null),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

/**
 * What `updateSettings` takes: any top-level setting, each replaced whole (so given in full: no
 * defaults fill a patch, which would silently reset what it leaves out).
 */
export const SettingsPatch = z
  .object({
    startAtLogin: z.boolean(),
    notifications: z.object({ enabled: z.boolean(), actions: z.boolean() }).strict(),
    doNotDisturbUntil: z.number().int().min(0).nullable(),
    reminders: z.object({ default: ReminderMinutes.nullable(), graphs: z.record(Key, ReminderMinutes.nullable()), sources: z.record(Key, ReminderMinutes.nullable()) }).strict(),
    closeToTray: z.boolean(),
    window: z.object({ x: z.number().int(), y: z.number().int(), width: WindowBounds.shape.width, height: WindowBounds.shape.height, maximized: z.boolean() }).strict().nullable(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.input<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({ version: SETTINGS_VERSION });
