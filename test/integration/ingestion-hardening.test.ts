/**
 * Issue 14, ingestion findings, through the real server (PGlite + chDB):
 * - 3: events whose fields differ only in where a NUL falls are two events, never one "duplicate";
 *   control characters are rejected per event in names, identifiers and event ids.
 * - 5: an event with traits/metadata nested past the depth bound is rejected alone, the rest of
 *   the batch is stored; a deeply nested body is a 4xx/2xx, never a 500.
 * - 6: a client that writes its whole oversized body before reading (Python's urllib) reads the
 *   413 instead of a broken pipe.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEventRows } from '../../src/ingestion/event-row.js';
import { DRAIN_MAX_BYTES, DRAIN_MAX_MS } from '../../src/http/body.js';
import { MAX_JSON_DEPTH } from '../../src/domain/event-bounds.js';
import type { ValidEvent } from '../../src/ingestion/schema.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const ENV = 'hardening';
const NOW = Date.now();
const META = { sdk_version: '6.1.0' };
const MAX_BODY = 1024 * 1024;
const TRACK = `mutation($input: TrackEventsInput!) { trackEvents(input: $input) { accepted duplicates rejected { index reason } errors { code message } } }`;

beforeAll(async () => {
  t = await createTestApp({ env: { LIFTGATE_MAX_BODY_BYTES: String(MAX_BODY) } });
  await t.createEnvironments(ENV);
});

afterAll(async () => {
  await t?.stop();
});

async function storedCount(where: string, params: Record<string, unknown>): Promise<number> {
  const env = await t.app.services.environments.findByKey(ENV);
  const rs = await t.app.warehouse.client.query({
    query: `SELECT count() AS c FROM events FINAL WHERE environment_id = {env:String} AND ${where}`,
    query_params: { env: env!.id, ...params },
    format: 'JSONEachRow',
  });
  return Number((await rs.json<{ c: string }>())[0]!.c);
}

/** `{"a":{"a":…1…}}` nested `depth` objects deep, as JSON text (no recursion to build it). */
const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('finding 3: idempotency keys never merge different events', () => {
  const colliding = [
    { event: 'col\u0000b', event_id: 'c', identifier: 'u1', metadata: META, timestamp: NOW },
    { event: 'col', event_id: 'b\u0000c', identifier: 'u2', metadata: META, timestamp: NOW },
  ];

  it('POST /v1/events: the NUL pair is rejected per event with a reason, not merged into one', async () => {
    const res = await t.postEvents(ENV, { events: [...colliding, { event: 'col-ok', event_id: 'b-c', metadata: META, timestamp: NOW }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(res.body.rejected).toEqual([
      { index: 0, reason: expect.stringMatching(/^event: .*control character/) },
      { index: 1, reason: expect.stringMatching(/^event_id: .*control character/) },
    ]);
  });

  it('rejects control characters in feature_name and identifier, and NUL in value, but keeps tab/newline in value', async () => {
    const res = await t.postEvents(ENV, {
      events: [
        { event: 'ctl', feature_name: 'f\u0001', identifier: 'x', timestamp: NOW },
        { event: 'ctl', identifier: 'x\u001b[31m', timestamp: NOW },
        { event: 'ctl', identifier: 'x', value: 'a\u0000b', timestamp: NOW },
        { event: 'ctl', identifier: 'x\u0085', timestamp: NOW },
        { event: 'ctl', identifier: 'ctl-ok', value: 'line 1\nline\t2', timestamp: NOW },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason.split(':')[0]])).toEqual([
      [0, 'feature_name'], [1, 'identifier'], [2, 'value'], [3, 'identifier'],
    ]);
    expect(await storedCount(`identifier = 'ctl-ok' AND value = {v:String}`, { v: 'line 1\nline\t2' })).toBe(1);
  });

  it('trackEvents: the same pair is rejected per event too', async () => {
    const r = await t.gql(TRACK, {
      input: {
        environmentKey: ENV,
        events: [
          { event: 'col\u0000b', eventId: 'c', identifier: 'u1', timestamp: NOW },
          { event: 'col', eventId: 'b\u0000c', identifier: 'u2', timestamp: NOW },
        ],
      },
    });
    expect(r.data.trackEvents).toMatchObject({ accepted: 0, duplicates: 0, errors: [] });
    expect(r.data.trackEvents.rejected.map((x: { index: number }) => x.index)).toEqual([0, 1]);
    expect(r.data.trackEvents.rejected[0].reason).toMatch(/control character/);
  });

  it('the writer keys rows unambiguously: rows that joined-with-NUL keys would merge are both stored', async () => {
    // Rows built without validation (as stored before control characters were rejected).
    const env = await t.app.services.environments.findByKey(ENV);
    const events = colliding.map((e) => ({ ...e, traitsJson: null, metadataJson: JSON.stringify(META) }) as ValidEvent);
    const outcome = await t.app.services.eventWriter.write(toEventRows(env!.id, events, NOW));
    expect(outcome).toEqual({ accepted: 2, duplicates: 0 });
    expect(await storedCount(`startsWith(event, 'col') AND event != 'col-ok'`, {})).toBe(2);
    // A resend of both is still recognised as two duplicates.
    expect(await t.app.services.eventWriter.write(toEventRows(env!.id, events, NOW))).toEqual({ accepted: 0, duplicates: 2 });
  });
});

describe('finding 5: deep traits and metadata', () => {
  it(`rejects only the event nested deeper than ${MAX_JSON_DEPTH} (5,000 deep), storing the rest of the batch`, async () => {
    const ok = (id: string) => `{"event":"deep","identifier":"${id}","metadata":{"sdk_version":"6.1.0"},"timestamp":${NOW}}`;
    const body =
      `{"events":[${ok('deep-1')},` +
      `{"event":"deep","identifier":"deep-x","traits":${nestedJson(5000)},"timestamp":${NOW}},` +
      `{"event":"deep","identifier":"deep-y","traits":{"plan":"pro"},"metadata":{"list":${'['.repeat(5000)}${']'.repeat(5000)}},"timestamp":${NOW}},` +
      `${ok('deep-2')}]}`;
    const res = await t.postEvents(ENV, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(res.body.rejected).toEqual([
      { index: 1, reason: `traits: must nest at most ${MAX_JSON_DEPTH} levels deep` },
      { index: 2, reason: `metadata: must nest at most ${MAX_JSON_DEPTH} levels deep` },
    ]);
    expect(await storedCount(`event = 'deep'`, {})).toBe(2);
  });

  it(`accepts exactly ${MAX_JSON_DEPTH} levels (the object itself counts as one)`, async () => {
    const res = await t.postEvents(ENV, `{"events":[
      {"event":"deep-edge","identifier":"in","traits":${nestedJson(MAX_JSON_DEPTH)},"timestamp":${NOW}},
      {"event":"deep-edge","identifier":"out","traits":${nestedJson(MAX_JSON_DEPTH + 1)},"timestamp":${NOW}}]}`);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([{ index: 1, reason: `traits: must nest at most ${MAX_JSON_DEPTH} levels deep` }]);
  });

  it('trackEvents rejects the deep event alone as well', async () => {
    // Built as text: JSON.stringify itself overflows the stack on 5,000 levels.
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
      body: `{"query":${JSON.stringify(TRACK)},"variables":{"input":{"environmentKey":"${ENV}","events":[
        {"event":"deep-track","identifier":"a","timestamp":${NOW}},
        {"event":"deep-track","identifier":"b","traits":${nestedJson(5000)},"timestamp":${NOW}}]}}}`,
    });
    const r = await res.json();
    expect(r.errors).toBeUndefined();
    expect(r.data.trackEvents).toMatchObject({ accepted: 1, rejected: [{ index: 1, reason: `traits: must nest at most ${MAX_JSON_DEPTH} levels deep` }] });
  });

  it('a body nested 500,000 deep is answered, never a 500', async () => {
    for (const body of [
      `{"events":[{"event":"x","traits":{"a":${'['.repeat(500_000)}${']'.repeat(500_000)}}}]}`,
      `{"events":${'['.repeat(500_000)}${']'.repeat(500_000)}}`,
      `{"events":[${'['.repeat(500_000)}`,
    ]) {
      const res = await t.postEvents(ENV, body);
      expect([200, 400]).toContain(res.status);
    }
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});

/**
 * Writes the request head and the whole body before reading anything, like urllib (which also sends `Connection: close`) and requests:
 * resolves with the status line, or with the write error when the body could not be sent whole
 * (those clients then raise the broken pipe and never look at an answer).
 */
function sendWholeBodyThenRead(port: number, body: Buffer, headers: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let failed: string | null = null;
    let written = false;
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) => (failed ??= err.code ?? err.message));
    socket.on('close', () => resolve(written ? answer.split('\r\n')[0]! : `body not sent whole (${failed})`));
    socket.write(`POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Environment-Key: ${ENV}\r\nConnection: close\r\n${headers}\r\n`);
    let offset = 0;
    const pump = () => {
      while (offset < body.length && !socket.destroyed) {
        const chunk = body.subarray(offset, offset + 64 * 1024);
        offset += chunk.length;
        const last = offset >= body.length;
        const more = socket.write(chunk, (err) => {
          if (last && !err) written = true;
        });
        if (!more) return void socket.once('drain', pump);
      }
    };
    pump();
  });
}

describe('finding 6: oversized bodies', () => {
  const big = Buffer.alloc(12 * MAX_BODY, 'x');

  it('a raw client writing a 12 MB body with Content-Length reads its 413', async () => {
    const port = Number(new URL(t.url).port);
    expect(await sendWholeBodyThenRead(port, big, `Content-Length: ${big.length}\r\n`)).toMatch(/^HTTP\/1\.1 413\b/);
  });

  it('a chunked body over the limit gets its 413 too', async () => {
    const port = Number(new URL(t.url).port);
    const chunks = [];
    for (let i = 0; i < big.length; i += 256 * 1024) {
      const part = big.subarray(i, i + 256 * 1024);
      chunks.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from('0\r\n\r\n'));
    expect(await sendWholeBodyThenRead(port, Buffer.concat(chunks), 'Transfer-Encoding: chunked\r\n')).toMatch(/^HTTP\/1\.1 413\b/);
  });

  it("Python's urllib reads the 413 (no broken pipe)", async () => {
    const script = [
      'import sys, urllib.request, urllib.error',
      `req = urllib.request.Request(sys.argv[1], data=b"x" * ${12 * MAX_BODY}, method="POST", headers={"Content-Type": "application/json", "X-Environment-Key": "${ENV}"})`,
      'try:',
      '    urllib.request.urlopen(req, timeout=30)',
      '    print("no error")',
      'except urllib.error.HTTPError as e:',
      '    print(e.code, e.read().decode())',
      'except Exception as e:',
      '    print("failed", type(e).__name__, e)',
    ].join('\n');
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('python3', ['-c', script, `${t.url}/v1/events`]);
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.on('error', reject);
      child.on('close', () => resolve(text.trim()));
    });
    expect(out).toBe(`413 {"error":"body exceeds ${MAX_BODY} bytes"}`);
  });

  it('the drain is bounded in bytes: a body that never ends is cut off', async () => {
    const port = Number(new URL(t.url).port);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    let sent = 0;
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(`POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Environment-Key: ${ENV}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 'x'), Buffer.from('\r\n')]);
    const started = Date.now();
    const pump = () => {
      while (!socket.destroyed && sent < 4 * DRAIN_MAX_BYTES) {
        sent += 0x10000;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    pump();
    await closed;
    expect(sent).toBeLessThan(MAX_BODY + DRAIN_MAX_BYTES + 16 * 1024 * 1024); // socket buffers
    expect(Date.now() - started).toBeLessThan(DRAIN_MAX_MS + 5000);
    // The 413 went out before the close, but a client still sending gets the reset first: no assertion on it.
  });

  it('the drain is bounded in time: a client that stops sending gets its 413 and the connection is closed', async () => {
    const port = Number(new URL(t.url).port);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(`POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Environment-Key: ${ENV}\r\nContent-Length: ${4 * MAX_BODY}\r\n\r\n`);
    socket.write(Buffer.alloc(2 * MAX_BODY, 'x'));
    const started = Date.now();
    await closed;
    expect(Date.now() - started).toBeLessThan(DRAIN_MAX_MS + 5000);
    expect(answer).toMatch(/^HTTP\/1\.1 413\b/);
    expect(answer.toLowerCase()).toContain('connection: close');
  });
});
