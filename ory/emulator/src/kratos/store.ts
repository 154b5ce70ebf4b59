import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Kratos gives every identity with identifier traits a password credential, even without a
 * password (admin-created identities), so identifiers stay unique; such an identity just
 * cannot sign in with a password.
 */
export interface PasswordCredential {
  identifiers: string[];
  /** bcrypt hash; the clear password is never stored. */
  hashedPassword?: string;
  createdAt: string;
  updatedAt: string;
}

export interface VerifiableAddress {
  id: string;
  value: string;
  via: string;
  verified: boolean;
  status: "pending" | "sent" | "completed";
  /** When a code proved the address. */
  verified_at?: string;
  created_at: string;
  updated_at: string;
}

export interface RecoveryAddress {
  id: string;
  value: string;
  via: string;
  created_at: string;
  updated_at: string;
}

export interface IdentityRecord {
  id: string;
  schemaId: string;
  state: "active" | "inactive";
  stateChangedAt: string;
  traits: Record<string, unknown>;
  metadataPublic: unknown;
  metadataAdmin: unknown;
  externalId?: string;
  createdAt: string;
  updatedAt: string;
  password?: PasswordCredential;
  verifiableAddresses: VerifiableAddress[];
  recoveryAddresses: RecoveryAddress[];
}

export interface AuthenticationMethod {
  /** `code_recovery`: the session a recovery code started. */
  method: "password" | "code_recovery";
  aal: "aal1";
  completed_at: string;
}

export interface SessionDevice {
  id: string;
  ip_address: string;
  user_agent: string;
  location: string;
}

export interface SessionRecord {
  id: string;
  /** `ory_st_…`, sent as X-Session-Token / Bearer, and wrapped in the session cookie. */
  token: string;
  /** `ory_lo_…`, what the logout URL carries. */
  logoutToken: string;
  identityId: string;
  active: boolean;
  issuedAt: string;
  authenticatedAt: string;
  expiresAt: string;
  methods: AuthenticationMethod[];
  devices: SessionDevice[];
}

interface PersistedState {
  version: 1;
  cookieSecret: string;
  identities: IdentityRecord[];
  sessions: SessionRecord[];
}

const FILE_NAME = "kratos.json";

/**
 * Identities, credentials and sessions. With a data directory every change is written to
 * one JSON file (atomically, via rename) so state survives restarts; without, memory only.
 * Self-service flows are short-lived and stay in memory.
 */
export class KratosStore {
  readonly identities = new Map<string, IdentityRecord>();
  readonly sessions = new Map<string, SessionRecord>();
  /** Signs session cookies when kratos.yml has no `secrets.cookie`. */
  cookieSecret: string;

  constructor(private readonly dataDir?: string) {
    this.cookieSecret = randomBytes(32).toString("hex");
    if (!dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    let state: PersistedState | undefined;
    try {
      state = JSON.parse(readFileSync(join(dataDir, FILE_NAME), "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new Error(`Kratos emulator: cannot read ${join(dataDir, FILE_NAME)}: ${error}`);
      }
    }
    if (!state) return;
    this.cookieSecret = state.cookieSecret;
    for (const identity of state.identities) this.identities.set(identity.id, identity);
    for (const session of state.sessions) this.sessions.set(session.id, session);
  }

  /** Call after every mutation. */
  save(): void {
    if (!this.dataDir) return;
    const state: PersistedState = {
      version: 1,
      cookieSecret: this.cookieSecret,
      identities: [...this.identities.values()],
      sessions: [...this.sessions.values()],
    };
    const path = join(this.dataDir, FILE_NAME);
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
    renameSync(temp, path);
  }

  findByPasswordIdentifier(identifier: string): IdentityRecord | undefined {
    const wanted = identifier.trim().toLowerCase();
    for (const identity of this.identities.values()) {
      if (identity.password?.identifiers.includes(wanted)) return identity;
    }
    return undefined;
  }

  /** The identity already holding one of these identifiers, other than `exceptId`. */
  identifierConflict(identifiers: string[], exceptId?: string): IdentityRecord | undefined {
    for (const identifier of identifiers) {
      const owner = this.findByPasswordIdentifier(identifier);
      if (owner && owner.id !== exceptId) return owner;
    }
    return undefined;
  }

  sessionByToken(token: string): SessionRecord | undefined {
    for (const session of this.sessions.values()) if (session.token === token) return session;
    return undefined;
  }

  sessionByLogoutToken(token: string): SessionRecord | undefined {
    for (const session of this.sessions.values()) {
      if (session.logoutToken === token) return session;
    }
    return undefined;
  }

  sessionsOf(identityId: string): SessionRecord[] {
    return [...this.sessions.values()].filter((s) => s.identityId === identityId);
  }

  deleteIdentity(id: string): boolean {
    if (!this.identities.delete(id)) return false;
    for (const session of this.sessionsOf(id)) this.sessions.delete(session.id);
    this.save();
    return true;
  }
}
