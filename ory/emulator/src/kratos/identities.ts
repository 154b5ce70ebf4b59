import { randomUUID } from "node:crypto";
import type { IdentitySchema } from "./schema.ts";
import { schemaUrl } from "./schema.ts";
import type { IdentityRecord, RecoveryAddress, VerifiableAddress } from "./store.ts";

export interface NewIdentity {
  schema: IdentitySchema;
  traits: Record<string, unknown>;
  state?: "active" | "inactive";
  metadataPublic?: unknown;
  metadataAdmin?: unknown;
  externalId?: string;
  hashedPassword?: string;
  now: Date;
}

/** Builds an identity with the addresses and identifiers its schema derives from the traits. */
export function buildIdentity(input: NewIdentity): IdentityRecord {
  const at = input.now.toISOString();
  const identity: IdentityRecord = {
    id: randomUUID(),
    schemaId: input.schema.id,
    state: input.state ?? "active",
    stateChangedAt: at,
    traits: input.traits,
    metadataPublic: input.metadataPublic ?? null,
    metadataAdmin: input.metadataAdmin ?? null,
    ...(input.externalId ? { externalId: input.externalId } : {}),
    createdAt: at,
    updatedAt: at,
    verifiableAddresses: [],
    recoveryAddresses: [],
  };
  syncDerivedFields(identity, input.schema, input.now);
  if (input.hashedPassword) {
    identity.password = {
      identifiers: input.schema.passwordIdentifiers(input.traits),
      hashedPassword: input.hashedPassword,
      createdAt: at,
      updatedAt: at,
    };
  }
  return identity;
}

/**
 * Re-derives identifiers and addresses after the traits changed. Existing addresses keep
 * their ids and verification state, like Kratos merges them.
 */
export function syncDerivedFields(identity: IdentityRecord, schema: IdentitySchema, now: Date) {
  const at = now.toISOString();
  const traits = identity.traits;
  identity.verifiableAddresses = schema.verifiableAddresses(traits).map(
    ({ value, via }): VerifiableAddress =>
      identity.verifiableAddresses.find((a) => a.value === value && a.via === via) ?? {
        id: randomUUID(),
        value,
        via,
        verified: false,
        status: "pending",
        created_at: at,
        updated_at: at,
      },
  );
  identity.recoveryAddresses = schema.recoveryAddresses(traits).map(
    ({ value, via }): RecoveryAddress =>
      identity.recoveryAddresses.find((a) => a.value === value && a.via === via) ?? {
        id: randomUUID(),
        value,
        via,
        created_at: at,
        updated_at: at,
      },
  );
  const identifiers = schema.passwordIdentifiers(traits);
  if (identity.password) identity.password.identifiers = identifiers;
  else if (identifiers.length > 0) {
    identity.password = { identifiers, createdAt: at, updatedAt: at };
  }
}

export interface IdentityView {
  /** Admin API: include metadata_admin and the credentials list (without secrets). */
  admin?: boolean;
  /** Admin `include_credential=password`: also the password hash. */
  includePasswordHash?: boolean;
}

/** Identity JSON as Kratos serialises it; whoami and flows strip credentials and admin metadata. */
export function identityJson(
  identity: IdentityRecord,
  publicBaseUrl: string,
  view: IdentityView = {},
) {
  const credentials =
    view.admin && identity.password
      ? {
          credentials: {
            password: {
              type: "password",
              identifiers: identity.password.identifiers,
              ...(view.includePasswordHash
                ? {
                    config: identity.password.hashedPassword
                      ? { hashed_password: identity.password.hashedPassword }
                      : {},
                  }
                : {}),
              version: 0,
              created_at: identity.password.createdAt,
              updated_at: identity.password.updatedAt,
            },
          },
        }
      : {};
  return {
    id: identity.id,
    ...credentials,
    schema_id: identity.schemaId,
    schema_url: schemaUrl(publicBaseUrl, identity.schemaId),
    state: identity.state,
    state_changed_at: identity.stateChangedAt,
    traits: identity.traits,
    verifiable_addresses: identity.verifiableAddresses,
    recovery_addresses: identity.recoveryAddresses,
    metadata_public: identity.metadataPublic,
    ...(view.admin ? { metadata_admin: identity.metadataAdmin } : {}),
    ...(identity.externalId ? { external_id: identity.externalId } : {}),
    created_at: identity.createdAt,
    updated_at: identity.updatedAt,
    organization_id: null,
  };
}
