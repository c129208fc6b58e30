/**
 * Yoga plugin: a `POST /graphql` body larger than `maxBytes` is refused before it is parsed
 * (issue 14: a huge body was read into memory before the token limit saw it). Checked on the
 * declared Content-Length up front and while streaming (chunked bodies); either way the rest of
 * the body is drained first (src/http/body.ts), so a client that writes its whole body before
 * reading still reads the answer: HTTP 413 with a GraphQL-over-HTTP error,
 * `extensions.code: PAYLOAD_TOO_LARGE`. GET requests carry their operation in the query string,
 * which Node's header size limit (16 KiB, answered 431) already bounds.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { declaredLength, discardBody, readBoundedBody } from '../http/body.js';

const tooLarge = (maxBytes: number, close: boolean) =>
  createGraphQLError(`request body exceeds ${maxBytes} bytes`, {
    extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413, ...(close ? { headers: { connection: 'close' } } : {}) } },
  });

/** Refuses POST bodies over `maxBytes` with 413 PAYLOAD_TOO_LARGE; smaller ones go to Yoga's own parser. */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser || request.method !== 'POST' || !request.body) return;
      setRequestParser(async (req) => {
        if (!req.body) return requestParser(req);
        const declared = declaredLength(req.headers);
        if (declared > maxBytes) throw tooLarge(maxBytes, !(await discardBody(req.body, declared)));
        const bytes = await readBoundedBody(req.body, maxBytes);
        if (bytes === 'drained' || bytes === 'close') throw tooLarge(maxBytes, bytes === 'close');
        // Yoga's parser reads the body again: hand it the bytes already read.
        return requestParser(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body: new Uint8Array(bytes) }));
      });
    },
  };
}
