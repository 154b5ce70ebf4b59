import type { Session } from "@ory/client";
import Bowser from "bowser";
import { useCallback, useEffect, useState } from "react";
import { KratosUnreachableError } from "../ory/kratos-api";
import { formatDate } from "../ui/format-date";
import { ErrorMessage, SuccessMessage } from "../ui/messages";
import { ErrorState, LoadingState, RetryButton } from "../ui/states";
import { useKratos } from "./kratos-context";

type SessionsView =
  | { status: "loading" }
  | { status: "failed"; message: string }
  | { status: "ready"; current: Session; others: Session[] };

type Outcome = { kind: "done"; message: string } | { kind: "failed"; message: string };

/**
 * The devices this person is signed in on: this one (Kratos' `whoami`) and the others
 * (`GET /sessions`), each of which can be signed out, or all others at once.
 */
export function SessionsSection() {
  const kratos = useKratos();
  const [view, setView] = useState<SessionsView>({ status: "loading" });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const load = useCallback(async () => {
    try {
      const [current, others] = await Promise.all([kratos.whoami(), kratos.listMyOtherSessions()]);
      if (current.kind !== "ok") return setView({ status: "failed", message: problem(current) });
      if (others.kind !== "ok") return setView({ status: "failed", message: problem(others) });
      setView({ status: "ready", current: current.body, others: others.body });
    } catch (error) {
      setView({ status: "failed", message: unreachable(error) });
    }
  }, [kratos]);

  useEffect(() => {
    load();
  }, [load]);

  async function act(call: () => Promise<Outcome>) {
    setBusy(true);
    setOutcome(undefined);
    try {
      setOutcome(await call());
    } catch (error) {
      setOutcome({ kind: "failed", message: unreachable(error) });
    }
    await load();
    setBusy(false);
  }

  const signOutOne = (session: Session) =>
    act(async () => {
      const result = await kratos.revokeMySession(session.id);
      return result.kind === "ok"
        ? { kind: "done", message: `Signed out ${deviceName(session)}.` }
        : { kind: "failed", message: problem(result) };
    });

  const signOutOthers = () =>
    act(async () => {
      const result = await kratos.revokeMyOtherSessions();
      if (result.kind !== "ok") return { kind: "failed", message: problem(result) };
      const count = result.body.count ?? 0;
      return {
        kind: "done",
        message: `Signed out ${count} other ${count === 1 ? "device" : "devices"}.`,
      };
    });

  return (
    <section className="settings-section" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      {outcome?.kind === "done" && <SuccessMessage>{outcome.message}</SuccessMessage>}
      {outcome?.kind === "failed" && <ErrorMessage>{outcome.message}</ErrorMessage>}
      {view.status === "loading" && <LoadingState label="Loading your sessions…" />}
      {view.status === "failed" && (
        <ErrorState
          title="Your sessions could not be loaded"
          actions={<RetryButton onClick={load} />}
        >
          <p>{view.message}</p>
        </ErrorState>
      )}
      {view.status === "ready" && (
        <>
          <ul className="list" aria-label="Signed-in devices">
            <SessionItem session={view.current} current />
            {view.others.map((session) => (
              <SessionItem
                key={session.id}
                session={session}
                busy={busy}
                onSignOut={() => signOutOne(session)}
              />
            ))}
          </ul>
          {view.others.length > 0 ? (
            <button
              type="button"
              className="button button-danger"
              onClick={signOutOthers}
              disabled={busy}
            >
              Sign out other devices
            </button>
          ) : (
            <p className="meta">You are not signed in anywhere else.</p>
          )}
        </>
      )}
    </section>
  );
}

interface SessionItemProps {
  session: Session;
  current?: boolean;
  busy?: boolean;
  onSignOut?(): void;
}

function SessionItem({ session, current, busy, onSignOut }: SessionItemProps) {
  const device = latestDevice(session);
  const where = [device?.ip_address, device?.location].filter(Boolean).join(" · ");
  return (
    <li className="list-item list-item-row session-item">
      <div>
        <p className="session-device" title={device?.user_agent}>
          {deviceLabel(device?.user_agent)}
          {current && <strong className="session-current"> (this device)</strong>}
        </p>
        {where && <p className="meta">{where}</p>}
        {session.authenticated_at && (
          <p className="meta">Signed in {formatDate(session.authenticated_at)}</p>
        )}
      </div>
      {onSignOut && (
        <button
          type="button"
          className="button button-quiet"
          onClick={onSignOut}
          disabled={busy}
          aria-label={`Sign out ${deviceName(session)}`}
        >
          Sign out
        </button>
      )}
    </li>
  );
}

/** Kratos records a device per place a session was used from; the last one is the latest. */
function latestDevice(session: Session) {
  return session.devices?.at(-1);
}

/**
 * A device as people name it, "Firefox on Linux", read from its user agent; an agent no
 * browser sent (a script, say) is shown as it is.
 */
function deviceLabel(userAgent: string | undefined): string {
  if (!userAgent) return "Unknown device";
  const parsed = Bowser.getParser(userAgent);
  const label = [parsed.getBrowserName(), parsed.getOSName()].filter(Boolean).join(" on ");
  return label || userAgent;
}

function deviceName(session: Session): string {
  const device = latestDevice(session);
  const agent = device?.user_agent ? deviceLabel(device.user_agent) : "an unknown device";
  return device?.ip_address ? `${agent} (${device.ip_address})` : agent;
}

function problem(
  result: { kind: "flow" } | { kind: "error"; error: { message: string; reason?: string } },
) {
  return result.kind === "error"
    ? (result.error.reason ?? result.error.message)
    : "Unexpected answer.";
}

function unreachable(error: unknown): string {
  return error instanceof KratosUnreachableError
    ? error.message
    : "Something went wrong while talking to the sign-in service.";
}
