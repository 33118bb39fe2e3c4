// A part of the page that fails to render (a chunk that could not load while the server was out of
// reach, a bug) says what failed in its place, instead of React unmounting the whole page.
import { Component, type ReactNode } from "react";
import { messageOf } from "../../shared/values.js";

export interface ErrorBoundaryProps {
  /** What the part shows, for the message: "the selected item", "Countersign". */
  what: string;
  /** A change of this value (another item selected) tries the part again. */
  resetKey?: unknown;
  children: ReactNode;
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, { error: string | null }> {
  override state: { error: string | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: string } {
    return { error: messageOf(error) };
  }

  override componentDidUpdate(previous: ErrorBoundaryProps): void {
    if (this.state.error !== null && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="error-banner load-error" role="alert" data-testid="load-error">
        <p>
          <strong>Could not show {this.props.what}:</strong> {this.state.error}
        </p>
        <p>
          This part of the page may have failed to load while Countersign was out of reach.{" "}
          <button type="button" className="button small" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </p>
      </div>
    );
  }
}
