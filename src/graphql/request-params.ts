/**
 * Yoga plugin: GraphQL-over-HTTP parameters that are not valid JSON are a 400, not a 500.
 *
 * Yoga parses the `variables` and `extensions` parameters of GET requests (and of POST
 * application/x-www-form-urlencoded bodies) with a bare JSON.parse, so `?variables=%7B` threw a
 * SyntaxError that was masked as a 500 "Unexpected error." (found by test/integration/fuzz.test.ts).
 * This wraps whichever parser Yoga chose and answers such requests like Yoga answers a POST body
 * that is not JSON: 400, extensions.code BAD_REQUEST.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export function useRejectMalformedParams(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (err) {
          if (!(err instanceof SyntaxError)) throw err;
          throw createGraphQLError('the variables and extensions parameters must be JSON', {
            extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
          });
        }
      });
    },
  };
}
