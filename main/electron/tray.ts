// The tray icon: the pending count, a menu that opens the inbox, pauses notifications and quits.
// Its content is tray-menu.ts's model; this file only turns it into Electron's Tray and Menu.
// Linux may not deliver a click on the icon, so everything is in the context menu.
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from "electron";
import { trayModel, type TrayCommand, type TrayEntry } from "./tray-menu.js";

export interface TrayState {
  pending: number | null;
  doNotDisturbUntil: number | null;
}

export interface AppTray {
  update(state: Partial<TrayState>): void;
  destroy(): void;
}

function toMenu(entries: readonly TrayEntry[], run: (command: TrayCommand) => void): MenuItemConstructorOptions[] {
  return entries.map((entry): MenuItemConstructorOptions => {
    if (entry.separator) return { type: "separator" };
    if (entry.submenu) return { label: entry.label, submenu: toMenu(entry.submenu, run) };
    const command = entry.command;
    return { label: entry.label, enabled: entry.enabled ?? true, click: command ? () => run(command) : undefined };
  });
}

export function createTray(iconPath: string, run: (command: TrayCommand) => void, initial: TrayState): AppTray {
  const image = nativeImage.createFromPath(iconPath);
  if (process.platform === "darwin") image.setTemplateImage(true);
  const tray = new Tray(image.isEmpty() ? nativeImage.createEmpty() : image);
  const state: TrayState = { ...initial };
  let refresh: NodeJS.Timeout | undefined;
  const render = () => {
    // A do-not-disturb that ends changes the menu without any event: render again at that time.
    clearTimeout(refresh);
    const now = Date.now();
    if (state.doNotDisturbUntil !== null && state.doNotDisturbUntil > now) refresh = setTimeout(render, Math.min(state.doNotDisturbUntil - now + 500, 2 ** 31 - 1));
    const model = trayModel({ ...state, now });
    tray.setToolTip(model.tooltip);
    if (process.platform === "darwin") tray.setTitle(model.title);
    tray.setContextMenu(Menu.buildFromTemplate(toMenu(model.menu, run)));
  };
  tray.on("click", () => run({ type: "open" }));
  render();
  return {
    update(next) {
      Object.assign(state, next);
      render();
    },
    destroy() {
      clearTimeout(refresh);
      tray.destroy();
    },
  };
}
