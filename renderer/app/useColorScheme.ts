import { useSyncExternalStore } from "react";

const query = () => window.matchMedia("(prefers-color-scheme: dark)");

/** The OS colour scheme, live (for CodeMirror, whose theme is not CSS-variable driven). */
export function useColorScheme(): "light" | "dark" {
  return useSyncExternalStore(
    (notify) => {
      const media = query();
      media.addEventListener("change", notify);
      return () => media.removeEventListener("change", notify);
    },
    () => (query().matches ? "dark" : "light"),
  );
}
