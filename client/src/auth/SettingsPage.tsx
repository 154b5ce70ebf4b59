import type { SettingsFlow, UiNodeGroupEnum } from "@ory/client";
import { useLocation, useNavigate } from "react-router";
import { useSession } from "../session/session-context";
import { useDocumentTitle } from "../ui/use-document-title";
import { FlowView } from "./FlowView";
import { FlowForm } from "./flow/FlowForm";
import { FlowMessages } from "./flow/FlowMessages";
import { SessionsSection } from "./SessionsSection";
import { useSelfServiceFlow } from "./use-self-service-flow";

const sectionTitles: Partial<Record<UiNodeGroupEnum, string>> = {
  profile: "Profile",
  password: "Password",
};

/** Account settings: one form per method Kratos offers (profile, password, …). */
export function SettingsPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const { refreshViewer } = useSession();
  useDocumentTitle("Account settings");
  const here = encodeURIComponent(location.pathname);

  const { state, submit, retry } = useSelfServiceFlow<SettingsFlow>("settings", {
    // The name or e-mail may have changed; the navigation shows them.
    onSuccess: refreshViewer,
    onSignInRequired: () => navigate(`/login?return_to=${here}`, { replace: true }),
    onRefreshRequired: () => navigate(`/login?refresh=true&return_to=${here}`),
  });

  return (
    <section className="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Account settings</h1>
      <FlowView state={state} retry={retry}>
        {(flow, submitting) => (
          <>
            <SettingsMessages flow={flow} />
            {methodGroups(flow).map((group) => {
              const title = sectionTitles[group] ?? group;
              return (
                <section
                  key={group}
                  className="settings-section"
                  aria-labelledby={`${group}-title`}
                >
                  <h2 id={`${group}-title`}>{title}</h2>
                  <FlowForm
                    flow={flow}
                    groups={[group]}
                    showFlowMessages={false}
                    submitting={submitting}
                    onSubmit={submit}
                    aria-label={title}
                  />
                </section>
              );
            })}
          </>
        )}
      </FlowView>
      <SessionsSection />
    </section>
  );
}

/** Messages about the whole flow ("Your changes have been saved!"), shown once above the forms. */
function SettingsMessages({ flow }: { flow: SettingsFlow }) {
  const messages = flow.ui.messages ?? [];
  if (messages.length === 0) return null;
  const isError = messages.some((message) => message.type === "error");
  return (
    <div className="flow-messages-form" role={isError ? "alert" : "status"}>
      <FlowMessages messages={messages} />
    </div>
  );
}

function methodGroups(flow: SettingsFlow): UiNodeGroupEnum[] {
  const groups: UiNodeGroupEnum[] = [];
  for (const node of flow.ui.nodes) {
    if (node.group !== "default" && !groups.includes(node.group)) groups.push(node.group);
  }
  return groups;
}
