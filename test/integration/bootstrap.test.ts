/**
 * First start without LIFTGATE_BOOTSTRAP_TOKEN: a token is generated, shown once, stored hashed,
 * and survives a restart (which generates none). /healthz reports both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaClient } from '../../src/db/prisma-ref.js';
import { hashSecret } from '../../src/lib/secrets.js';
import { CreateEnvironment } from '../fixtures/operations.js';
import { graphql } from '../generated/gql.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;

const VIEWER = graphql(`query BootstrapViewer { viewer { tokenName grants { role environment { key } } } }`);
const ENVIRONMENTS = graphql(`query BootstrapEnvironments { environments { key } }`);

beforeAll(async () => {
  t = await createTestApp({ bootstrapToken: null });
});

afterAll(async () => {
  await t?.stop();
});

describe('bootstrap token', () => {
  it('is generated at first start, stored only as its hash, and is ADMIN everywhere', async () => {
    const secret = t.app.generatedBootstrapToken;
    expect(secret).toMatch(/^lg_[A-Za-z0-9_-]{43}$/);
    const stored = await prismaClient().apiToken.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ name: 'bootstrap', allEnvironments: 'ADMIN', secretHash: hashSecret(secret!) });
    expect(JSON.stringify(stored)).not.toContain(secret!);
    const env = await t.execute(CreateEnvironment, { input: { name: 'Boot', key: 'boot' } });
    expect(env.data?.createEnvironment.errors).toEqual([]);
    const me = await t.execute(VIEWER);
    expect(me.data?.viewer).toEqual({ tokenName: 'bootstrap', grants: [{ role: 'ADMIN', environment: { key: 'boot' } }] });
  });

  it('is not generated again on restart, and the first one keeps working', async () => {
    await t.restart();
    expect(t.app.generatedBootstrapToken).toBeNull();
    expect((await t.execute(ENVIRONMENTS)).data?.environments).toEqual([{ key: 'boot' }]);
  });
});

describe('/healthz', () => {
  it('reports both stores', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      controlPlane: { kind: process.env.LIFTGATE_TEST_POSTGRES_URL ? 'postgres' : 'pglite', ok: true },
      warehouse: { kind: 'chdb', ok: true },
    });
  });
});
