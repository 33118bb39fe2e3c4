import { revealControls } from "../../shared/text.js";
import { displayJson, valueType } from "../app/format.js";

/** A JSON value shown faithfully as text: strings as they are, the rest as JSON. */
export function ValueView({ value }: { value: unknown }) {
  const type = valueType(value);
  switch (type) {
    case "string":
      return value === "" ? <span className="value-empty">(empty string)</span> : <span className="value-string">{revealControls(value as string)}</span>;
    case "number":
    case "boolean":
    case "null":
      return <code className={`value-${type}`}>{String(value ?? null)}</code>;
    default:
      return <pre className="value-json">{displayJson(value)}</pre>;
  }
}

/** The arguments of an action: one row per key, with its JSON type. */
export function ArgsTable({ args, name }: { args: Record<string, unknown>; name: string }) {
  const entries = Object.entries(args);
  if (entries.length === 0) return <p className="muted">No arguments.</p>;
  return (
    <table className="args-table" aria-label={`Arguments of ${revealControls(name)}`}>
      <thead>
        <tr>
          <th scope="col">Argument</th>
          <th scope="col">Type</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row" className="arg-name">
              {revealControls(key)}
            </th>
            <td className="arg-type">{valueType(value)}</td>
            <td className="arg-value">
              <ValueView value={value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
