/**
 * The helpers that replaced copies across the domain and the API layer: one name rule, one
 * changeability check, one list scope, one global-id decoder, one node visibility scope and one
 * control-character check (ingestion, experiment and metric rules alike).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/actor.js';
import { environmentListWhere, requireChangeable } from '../../src/domain/access/scope.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../src/domain/errors.js';
import { validateName } from '../../src/domain/names.js';
import { decodeId } from '../../src/graphql/errors.js';
import { visibleEnvironmentNode, visibleScopedNode } from '../../src/graphql/visibility.js';
import { validateEventDefinition } from '../../src/domain/metric/rules.js';
import { validateEventName } from '../../src/domain/experiment/rules.js';
import { hasControlCharacter, hasControlCharacterInText } from '../../src/lib/text.js';

const ENV_A = '00000000-0000-4000-8000-00000000000a';
const ENV_B = '00000000-0000-4000-8000-00000000000b';
const ID = '11111111-1111-4111-8111-111111111111';

const token = (grants: [string, 'ADMIN' | 'EDITOR' | 'VIEWER'][], allEnvironments: 'ADMIN' | null = null): Actor => ({
  kind: 'token', tokenId: ID, tokenName: 't', allEnvironments, grants: new Map(grants),
});

/** The error `run` throws (fails the test when it throws none). */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('validateName', () => {
  it('trims and accepts 1–200 characters', () => {
    expect(validateName('  Checkout  ', ['input', 'name'])).toBe('Checkout');
    expect(validateName('x'.repeat(200), ['input', 'name'])).toHaveLength(200);
  });

  it('rejects blank and over-long names at the given path', () => {
    for (const name of ['', '   ', 'x'.repeat(201)]) {
      const err = thrown(() => validateName(name, ['input', 'variants', '1', 'name']));
      expect(err).toBeInstanceOf(ValidationError);
      expect(err).toMatchObject({ code: 'VALIDATION', message: 'name must be 1–200 characters', field: ['input', 'variants', '1', 'name'] });
    }
  });
});

describe('requireChangeable', () => {
  const row = { id: ID, environmentId: ENV_A };

  it('returns the row for a role at or above the minimum', () => {
    expect(requireChangeable(token([[ENV_A, 'EDITOR']]), row, 'EDITOR', 'metric not found', ['input', 'id'])).toBe(row);
    expect(requireChangeable(token([], 'ADMIN'), row, 'ADMIN', 'metric not found', ['input', 'id'])).toBe(row);
  });

  it('is NOT_FOUND for an absent row or an environment the caller cannot read (existence does not leak)', () => {
    for (const [actor, r] of [[token([[ENV_A, 'ADMIN']]), null], [token([[ENV_B, 'ADMIN']]), row], [{ kind: 'environmentKey', environmentId: ENV_A }, row]] as const) {
      const err = thrown(() => requireChangeable(actor, r, 'EDITOR', 'experiment not found', ['input', 'experimentId']));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err).toMatchObject({ message: 'experiment not found', field: ['input', 'experimentId'] });
    }
  });

  it('is FORBIDDEN below the minimum role', () => {
    expect(thrown(() => requireChangeable(token([[ENV_A, 'VIEWER']]), row, 'EDITOR', 'metric not found', ['id']))).toBeInstanceOf(ForbiddenError);
    expect(thrown(() => requireChangeable(token([[ENV_A, 'EDITOR']]), row, 'ADMIN', 'metric not found', ['id']))).toBeInstanceOf(ForbiddenError);
  });
});

describe('environmentListWhere', () => {
  it('scopes a readable environment to its live rows', () => {
    expect(environmentListWhere(token([[ENV_A, 'VIEWER']]), ENV_A)).toEqual({ environmentId: ENV_A, deletedAt: null });
  });

  it('is NOT_FOUND for an environment the caller cannot read', () => {
    expect(thrown(() => environmentListWhere(token([[ENV_B, 'ADMIN']]), ENV_A))).toBeInstanceOf(NotFoundError);
  });
});

describe('decodeId', () => {
  it('decodes a global id of the expected type to its UUID', () => {
    expect(decodeId(encodeGlobalID('Experiment', ID), 'Experiment', ['input', 'experimentId'])).toBe(ID);
  });

  it('accepts any type when none is expected', () => {
    expect(decodeId(encodeGlobalID('Metric', ID), null, ['entityId'])).toBe(ID);
  });

  it('is NOT_FOUND (at the field) for another type, a non-UUID id or garbage', () => {
    const cases: [string, string | null, string][] = [
      [encodeGlobalID('Metric', ID), 'Experiment', 'no Experiment with this id'],
      [encodeGlobalID('Experiment', 'not-a-uuid'), 'Experiment', 'no Experiment with this id'],
      ['%%%', null, 'no entity with this id'],
      [encodeGlobalID('Metric', '42'), null, 'no entity with this id'],
    ];
    for (const [id, typename, message] of cases) {
      const err = thrown(() => decodeId(id, typename, ['input', 'id']));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err).toMatchObject({ message, field: ['input', 'id'] });
    }
  });
});

describe('node visibility scope', () => {
  it('limits nodes to the granted environments', () => {
    const actor = token([[ENV_A, 'VIEWER'], [ENV_B, 'ADMIN']]);
    expect(visibleScopedNode(ID, actor)).toEqual({ id: ID, AND: [{ deletedAt: null, environmentId: { in: [ENV_A, ENV_B] } }] });
    expect(visibleEnvironmentNode(ENV_A, actor)).toEqual({ id: ENV_A, AND: [{ id: { in: [ENV_A, ENV_B] } }] });
  });

  it('adds no environment filter for all-environment tokens (undefined is no filter in Prisma)', () => {
    expect(visibleScopedNode(ID, token([], 'ADMIN'))).toEqual({ id: ID, AND: [{ deletedAt: null, environmentId: undefined }] });
    expect(visibleEnvironmentNode(ENV_A, token([], 'ADMIN'))).toEqual({ id: ENV_A, AND: [{ id: undefined }] });
  });

  it('shows nothing to callers without a token', () => {
    expect(visibleScopedNode(ID, { kind: 'environmentKey', environmentId: ENV_A })).toEqual({ id: ID, AND: [{ deletedAt: null, environmentId: { in: [] } }] });
    expect(visibleEnvironmentNode(ENV_A, { kind: 'anonymous' })).toEqual({ id: ENV_A, AND: [{ id: { in: [] } }] });
  });
});

describe('control characters', () => {
  it('C0, DEL and C1 are refused everywhere; tab, line feed and carriage return only in free text', () => {
    for (const c of ['\u0000', '\u0001', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f']) {
      expect(hasControlCharacter(`a${c}b`), JSON.stringify(c)).toBe(true);
      expect(hasControlCharacterInText(`a${c}b`), JSON.stringify(c)).toBe(true);
    }
    for (const c of ['\t', '\n', '\r']) {
      expect(hasControlCharacter(`a${c}b`)).toBe(true);
      expect(hasControlCharacterInText(`a${c}b`)).toBe(false);
    }
    expect(hasControlCharacter('plain é ü 日本 \u00a0')).toBe(false);
  });

  it('metric event names and experiment feature names refuse the same set (C1 included)', () => {
    expect(() => validateEventName('flag\u0085', 'featureName', ['input', 'featureName'])).toThrow(ValidationError);
    expect(() => validateEventDefinition('COUNT', { event: 'buy\u0085', filters: [] }, ['input', 'definition', 'event'])).toThrow(ValidationError);
  });
});
