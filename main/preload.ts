// Preload (stub until the adapter lands).
export {};
