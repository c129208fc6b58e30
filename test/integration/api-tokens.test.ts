/**
 * Token lifecycle (issue 14, finding 7): listing without secrets (ADMIN), revocation (audited,
 * UNAUTHENTICATED on the next request), bounded expiry, lastUsedAt written on use but throttled,
 * bootstrap rotation revoking the previous bootstrap token, and the per-event check a
 * subscription resolver repeats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { prismaClient } from '../../src/db/prisma-ref.js';
import { LAST_USED_RESOLUTION_MS } from '../../src/domain/token/service.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let firstBootstrap = '';

beforeAll(async () => {
  t = await createTestApp();
  await t.createEnvironments('tok-a', 'tok-b');
});

afterAll(async () => {
  await t?.stop();
});

const CREATE = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token apiToken { id name expiresAt revokedAt lastUsedAt grants { role environment { key } } } errors { code message field } }
}`;
const LIST = `query($rev: Boolean) { apiTokens(includeRevoked: $rev, first: 50) { totalCount edges { node { id name allEnvironments expiresAt revokedAt lastUsedAt grants { role environment { key } } } } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) { apiToken { id revokedAt } errors { code message field } } }`;

async function createToken(name: string, grants: { environmentKey: string; role: string }[], extra: Record<string, unknown> = {}, as = t.token) {
  const r = await t.gql(CREATE, { input: { name, grants, ...extra } }, { token: as });
  expect(r.errors).toBeUndefined();
  return r.data.createApiToken;
}

const names = (list: any) => list.data.apiTokens.edges.map((e: any) => e.node.name).sort();

describe('apiTokens', () => {
  it('lists the tokens an ADMIN administers, never a secret or hash', async () => {
    const adminA = await createToken('admin-a', [{ environmentKey: 'tok-a', role: 'ADMIN' }]);
    await createToken('viewer-a', [{ environmentKey: 'tok-a', role: 'VIEWER' }]);
    await createToken('editor-ab', [{ environmentKey: 'tok-a', role: 'EDITOR' }, { environmentKey: 'tok-b', role: 'EDITOR' }]);
    const viewerB = await createToken('viewer-b', [{ environmentKey: 'tok-b', role: 'VIEWER' }]);

    // The bootstrap token (ADMIN everywhere) sees every token.
    const all = await t.gql(LIST);
    expect(names(all)).toEqual(expect.arrayContaining(['admin-a', 'bootstrap', 'editor-ab', 'viewer-a', 'viewer-b']));
    const body = JSON.stringify(all);
    expect(body).not.toContain(adminA.token);
    expect(body).not.toMatch(/secretHash|[0-9a-f]{64}/);
    expect(all.data.apiTokens.edges.find((e: any) => e.node.name === 'bootstrap').node.allEnvironments).toBe('ADMIN');

    // An ADMIN of tok-a sees tokens granted only tok-a, and itself: not editor-ab (also tok-b), viewer-b or bootstrap.
    expect(names(await t.gql(LIST, {}, { token: adminA.token }))).toEqual(['admin-a', 'viewer-a']);
    // ADMIN nowhere: FORBIDDEN.
    const denied = await t.gql(LIST, {}, { token: viewerB.token });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // No token: UNAUTHENTICATED.
    expect((await t.gql(LIST, {}, { token: null })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('revokeApiToken', () => {
  it('makes the token UNAUTHENTICATED on its next request and audits it in each of its environments', async () => {
    const victim = await createToken('to-revoke', [{ environmentKey: 'tok-a', role: 'EDITOR' }, { environmentKey: 'tok-b', role: 'VIEWER' }]);
    // Used once (and so cached by the server) before it is revoked.
    expect((await t.gql('{ viewer { tokenName } }', {}, { token: victim.token })).data.viewer.tokenName).toBe('to-revoke');

    const revoked = await t.gql(REVOKE, { id: victim.apiToken.id });
    expect(revoked.data.revokeApiToken.errors).toEqual([]);
    expect(revoked.data.revokeApiToken.apiToken.revokedAt).toEqual(expect.any(String));

    const after = await t.gql('{ viewer { tokenName } environments { key } }', {}, { token: victim.token });
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(after.errors?.[0]?.message).toMatch(/revoked/);

    // Revoked tokens are listed only on request.
    expect(names(await t.gql(LIST))).not.toContain('to-revoke');
    expect(names(await t.gql(LIST, { rev: true }))).toContain('to-revoke');

    for (const env of ['tok-a', 'tok-b']) {
      const log = await t.gql(
        `query($env: String!, $id: ID!) { auditLog(environmentKey: $env, entityType: API_TOKEN, entityId: $id, first: 5) { edges { node { action actorKind actorName entityId before after } } } }`,
        { env, id: victim.apiToken.id },
      );
      const entries = log.data.auditLog.edges.map((e: any) => e.node);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'REVOKE', actorKind: 'token', actorName: 'bootstrap', entityId: victim.apiToken.id });
      expect(entries[0].before.revokedAt).toBeNull();
      expect(entries[0].after.revokedAt).toEqual(expect.any(String));
      expect(JSON.stringify(entries[0])).not.toMatch(/secretHash|[0-9a-f]{64}/);
    }

    // Idempotent: a second revocation changes nothing and writes no second entry.
    expect((await t.gql(REVOKE, { id: victim.apiToken.id })).data.revokeApiToken.errors).toEqual([]);
    expect(await prismaClient().auditLogEntry.count({ where: { entityId: decodeGlobalID(victim.apiToken.id).id } })).toBe(2);
  });

  it('is refused (NOT_FOUND) for tokens the caller does not administer, allowed for the caller itself', async () => {
    const adminA = await createToken('admin-a2', [{ environmentKey: 'tok-a', role: 'ADMIN' }]);
    const both = await createToken('both-envs', [{ environmentKey: 'tok-a', role: 'VIEWER' }, { environmentKey: 'tok-b', role: 'VIEWER' }]);
    const bootstrapId = (await t.gql('{ apiTokens(first: 50) { edges { node { id name } } } }')).data.apiTokens.edges.find((e: any) => e.node.name === 'bootstrap').node.id;
    for (const id of [both.apiToken.id, bootstrapId]) {
      const r = await t.gql(REVOKE, { id }, { token: adminA.token });
      expect(r.data.revokeApiToken.errors[0].code).toBe('NOT_FOUND');
    }
    const viewer = await createToken('self-revoker', [{ environmentKey: 'tok-b', role: 'VIEWER' }]);
    expect((await t.gql(REVOKE, { id: viewer.apiToken.id }, { token: viewer.token })).data.revokeApiToken.errors).toEqual([]);
    expect((await t.gql('{ viewer { tokenName } }', {}, { token: viewer.token })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('expiresAt', () => {
  it('is bounded at creation', async () => {
    const past = await t.gql(CREATE, { input: { name: 'x', grants: [{ environmentKey: 'tok-a', role: 'VIEWER' }], expiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect(past.data.createApiToken.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'expiresAt'] });
    const far = await t.gql(CREATE, { input: { name: 'x', grants: [{ environmentKey: 'tok-a', role: 'VIEWER' }], expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() } });
    expect(far.data.createApiToken.errors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'expiresAt'] });
    const ok = await createToken('expiring', [{ environmentKey: 'tok-a', role: 'VIEWER' }], { expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    expect(ok.errors).toEqual([]);
    expect(new Date(ok.apiToken.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('an expired token is UNAUTHENTICATED on its next request, and fails the per-event check', async () => {
    const soon = await createToken('expires-soon', [{ environmentKey: 'tok-a', role: 'VIEWER' }], { expiresAt: new Date(Date.now() + 120_000).toISOString() });
    expect((await t.gql('{ viewer { tokenName } }', {}, { token: soon.token })).data.viewer.tokenName).toBe('expires-soon');
    const actor = await t.app.services.tokens.authenticate(soon.token);
    expect(actor).not.toBeNull();
    expect(await t.app.services.tokens.isStillValid(actor!)).toBe(true);
    // Its expiry arrives (the row is moved rather than the clock: same effect for the server).
    await prismaClient().apiToken.update({ where: { id: decodeGlobalID(soon.apiToken.id).id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await new Promise((r) => setTimeout(r, 5_100)); // past the authentication cache (AUTH_CACHE_MS)
    expect((await t.gql('{ viewer { tokenName } }', {}, { token: soon.token })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.app.services.tokens.isStillValid(actor!)).toBe(false);
  });

  it('a revoked token fails the per-event check at once (what a subscription resolver calls before each event)', async () => {
    const sub = await createToken('subscriber', [{ environmentKey: 'tok-b', role: 'VIEWER' }]);
    const actor = (await t.app.services.tokens.authenticate(sub.token))!;
    expect(await t.app.services.tokens.isStillValid(actor)).toBe(true);
    await t.gql(REVOKE, { id: sub.apiToken.id });
    expect(await t.app.services.tokens.isStillValid(actor)).toBe(false);
  });
});

describe('lastUsedAt', () => {
  it('is written on use, at most once per resolution interval', async () => {
    const used = await createToken('used', [{ environmentKey: 'tok-b', role: 'VIEWER' }]);
    expect(used.apiToken.lastUsedAt).toBeNull();
    const id = decodeGlobalID(used.apiToken.id).id;
    await t.gql('{ viewer { tokenName } }', {}, { token: used.token });
    const first = (await prismaClient().apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    expect(Date.now() - first!.getTime()).toBeLessThan(10_000);
    for (let i = 0; i < 5; i++) await t.gql('{ viewer { tokenName } }', {}, { token: used.token });
    expect((await prismaClient().apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first);
    expect(LAST_USED_RESOLUTION_MS).toBe(60_000);
    const listed = (await t.gql(LIST)).data.apiTokens.edges.find((e: any) => e.node.name === 'used').node;
    expect(listed.lastUsedAt).toBe(first!.toISOString());
  });
});

describe('bootstrap rotation', () => {
  it('revokes the previous bootstrap token when LIFTGATE_BOOTSTRAP_TOKEN changes, audited as the system', async () => {
    const old = t.token;
    firstBootstrap = old;
    const next = `rotated_${Date.now()}_0123456789`;
    await t.restart({ LIFTGATE_BOOTSTRAP_TOKEN: next });
    expect((await t.gql('{ viewer { tokenName } }', {}, { token: old })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    t.token = next;
    expect((await t.gql('{ environments { key } }')).data.environments.map((e: any) => e.key)).toEqual(['tok-a', 'tok-b']);
    const bootstraps = (await t.gql(LIST, { rev: true })).data.apiTokens.edges.map((e: any) => e.node).filter((n: any) => n.allEnvironments === 'ADMIN');
    expect(bootstraps.map((n: any) => n.revokedAt === null).sort()).toEqual([false, true]);
    const log = await t.gql(`{ auditLog(environmentKey: "tok-a", entityType: API_TOKEN, first: 20) { edges { node { action actorKind actorName after } } } }`);
    expect(log.data.auditLog.edges.map((e: any) => e.node)).toContainEqual(
      expect.objectContaining({ action: 'REVOKE', actorKind: 'system', actorName: 'bootstrap rotation', after: expect.objectContaining({ name: 'bootstrap', allEnvironments: 'ADMIN' }) }),
    );
  });

  it('refuses to start with a bootstrap secret that was revoked, saying so', async () => {
    const current = t.token;
    // Back to the first secret, revoked by the rotation above.
    await expect(t.restart({ LIFTGATE_BOOTSTRAP_TOKEN: firstBootstrap })).rejects.toThrow(
      /LIFTGATE_BOOTSTRAP_TOKEN: this secret belongs to a token revoked at/,
    );
    // The failed start closed what it opened: the same data directory starts again at once.
    await t.restart({ LIFTGATE_BOOTSTRAP_TOKEN: current });
    expect((await t.gql('{ viewer { tokenName } }')).data.viewer.tokenName).toBe('bootstrap');
  });
});
