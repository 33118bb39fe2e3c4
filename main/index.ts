// Electron entry (stub until the adapter lands).
export {};
