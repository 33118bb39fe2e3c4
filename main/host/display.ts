// Whether this machine can show a window: the one rule behind starting the desktop app (`npm
// start`) and opening a browser (`countersign serve --open`).

/** Always on macOS and Windows; elsewhere only when an X11 or Wayland display is set. */
export function hasDisplay(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): boolean {
  if (platform === "darwin" || platform === "win32") return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
