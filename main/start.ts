// `npm start`: the desktop shell and browser mode are not built yet; say so instead of failing.
console.log("Countersign: the desktop app is not built yet. The SQLite checkpointer is in main/host; run `npm test` or `npm run bench`.");
