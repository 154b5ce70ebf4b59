/**
 * What a production configuration must name (PostgreSQL, real Ory, a cursor secret), as
 * placeholders: `startTestApi` wires its own database and emulator whatever these say.
 */
export const productionPlaceholders = {
  CURSOR_SECRET: "a-test-secret-that-is-at-least-32-characters",
  DATABASE_URL: "postgresql://unused@127.0.0.1:5432/unused",
  KRATOS_PUBLIC_URL: "http://127.0.0.1:9/",
  KRATOS_ADMIN_URL: "http://127.0.0.1:9/",
  KETO_READ_URL: "http://127.0.0.1:9/",
  KETO_WRITE_URL: "http://127.0.0.1:9/",
};
