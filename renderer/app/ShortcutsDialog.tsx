import { Dialog } from "./Dialog.js";

const SHORTCUTS: Array<[string[], string]> = [
  [["j", "↓"], "Next item"],
  [["k", "↑"], "Previous item"],
  [["x"], "Select or unselect the item (for bulk approve)"],
  [["Shift", "click"], "Select a range of items"],
  [["Ctrl/⌘", "click"], "Select or unselect one item"],
  [["a"], "Approve the ticked items, or else the whole open item (asks first when choices made in its form would be lost)"],
  [["r"], "Reject (focuses the message box)"],
  [["e"], "Edit the first editable action"],
  [["Ctrl/⌘", "Enter"], "Submit the decision (or the open dialog)"],
  [["/"], "Search"],
  [["?"], "Show this list"],
  [["Esc"], "Close a dialog; leave a text box for the list"],
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={what}>
              <th scope="row">
                {keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && " + "}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Single-key shortcuts are off while you type in a text box or editor.</p>
    </Dialog>
  );
}
