import { Link } from "react-router";
import { type FragmentType, getFragmentData, graphql } from "../gql";
import { apiErrorCode } from "../graphql/error-code";
import { useRetryableQuery } from "../graphql/use-retryable-query";
import { useSession } from "../session/session-context";
import {
  ApiUnreachableState,
  AuthzUnavailableState,
  OutOfDateState,
  UnexpectedErrorState,
} from "../ui/ApiErrorState";
import { LoadingState, NoticeState } from "../ui/states";
import { useDocumentTitle } from "../ui/use-document-title";

const HomepageContentFragment = graphql(`
  fragment HomepageContent on Homepage {
    title
    hero {
      heading
      text
    }
    services {
      name
      role
      description
    }
    about
  }
`);

const HomepageDocument = graphql(`
  query Homepage {
    homepage {
      ...HomepageContent
    }
  }
`);

/** The welcome page: readable by whoever Keto allows `App:homepage#read`. */
export function WelcomePage() {
  useDocumentTitle("Welcome");
  const { session } = useSession();
  const [result, retry] = useRetryableQuery({ query: HomepageDocument });

  if (result.fetching) return <LoadingState label="Loading the welcome page…" />;
  if (result.data?.homepage) return <HomepageContent content={result.data.homepage} />;

  const { error } = result;
  if (!error) return <NoticeState title="There is no welcome content yet." />;
  switch (apiErrorCode(error)) {
    case "UNAUTHENTICATED":
      return (
        <NoticeState
          title="Sign in to see the welcome page"
          actions={
            <>
              <Link className="button button-primary" to="/login">
                Sign in
              </Link>
              <Link className="button" to="/registration">
                Create an account
              </Link>
            </>
          }
        >
          <p>The welcome page is for members. Sign in, or create an account to ask for access.</p>
        </NoticeState>
      );
    case "FORBIDDEN":
      return (
        <NoticeState title="You do not have access to the welcome page">
          <p>
            {session.status === "signed-in"
              ? `You are signed in as ${session.viewer.email}, but this account may not read it.`
              : "This account may not read it."}{" "}
            Ask an administrator of this site for access: they grant it to your e-mail, or to a
            group you are in, on their Access page.
          </p>
        </NoticeState>
      );
    case "AUTHZ_UNAVAILABLE":
      return <AuthzUnavailableState retry={retry} />;
    case "NETWORK":
      return <ApiUnreachableState retry={retry} />;
    case "OUT_OF_DATE":
      return <OutOfDateState />;
    default:
      return (
        <UnexpectedErrorState
          title="The welcome page could not be loaded"
          error={error}
          retry={retry}
        />
      );
  }
}

function HomepageContent(props: { content: FragmentType<typeof HomepageContentFragment> }) {
  const page = getFragmentData(HomepageContentFragment, props.content);
  return (
    <article className="welcome">
      <header className="hero">
        <p className="eyebrow">{page.title}</p>
        <h1>{page.hero.heading}</h1>
        <p className="lead">{page.hero.text}</p>
      </header>
      <section aria-labelledby="services-title">
        <h2 id="services-title">What runs here</h2>
        {page.services.length === 0 ? (
          <p className="empty">No services are listed yet.</p>
        ) : (
          <ul className="cards">
            {page.services.map((service) => (
              <li key={service.name} className="card">
                <p className="card-kicker">{service.role}</p>
                <h3>{service.name}</h3>
                <p>{service.description}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="about-title">
        <h2 id="about-title">About</h2>
        <p>{page.about}</p>
      </section>
    </article>
  );
}
