/**
 * Operation limits for /graphql, enforced before anything executes (issue 14, findings 1 and 5):
 * tokens while parsing, then depth, aliases and directives (GraphQL Armor's rules) and the cost
 * (@pothos/plugin-complexity over the per-field weights in ./cost.ts) during validation. A
 * rejected operation is an HTTP 400 whose error carries `extensions.code: OPERATION_LIMIT` and
 * `extensions.limit` (tokens | depth | aliases | directives | cost); an operation that runs past
 * the execution timeout ends with `extensions.code: OPERATION_TIMEOUT` (HTTP 503). Field
 * suggestions ("Did you mean …") are removed for callers without a valid bearer token, so the
 * schema cannot be mapped by typos.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { createComplexityRule } from '@pothos/plugin-complexity';
import { GraphQLError, validate, type ExecutionResult, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { OperationLimits } from '../config/env.js';

export type LimitName = 'tokens' | 'depth' | 'aliases' | 'directives' | 'cost';

/** A 400 naming the limit; `extensions.code` is OPERATION_LIMIT for every limit. */
export function limitError(limit: LimitName, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'OPERATION_LIMIT', limit, http: { status: 400, spec: false } } });
}

// Armor prefixes its messages with "Syntax Error: "; these are not syntax errors.
const armorReject = (limit: LimitName) => (_ctx: unknown, err: GraphQLError) => {
  throw limitError(limit, err.message.replace(/^Syntax Error: /, ''));
};

/**
 * Depth, aliases and directives as validation rules. Each throws at the first operation over its
 * limit, so graphql-js's own (super-linear) rules never walk an oversized operation.
 */
export function structureRules(limits: Pick<OperationLimits, 'maxDepth' | 'maxAliases' | 'maxDirectives'>): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.maxDepth, onReject: [armorReject('depth')] }) as unknown as ValidationRule,
    maxAliasesRule({ n: limits.maxAliases, onReject: [armorReject('aliases')] }) as unknown as ValidationRule,
    maxDirectivesRule({ n: limits.maxDirectives, onReject: [armorReject('directives')] }) as unknown as ValidationRule,
  ];
}

/**
 * The cost rule for one request: the selected operation's cost with these variables (a `first:
 * $n` counts as its value). `onCost` sees every computed cost (tests measure with it).
 */
export function costRule(
  maxCost: number,
  request: { variables?: Record<string, unknown> | null; operationName?: string | null },
  onCost?: (cost: number) => void,
): ValidationRule {
  return createComplexityRule({
    context: {},
    variableValues: request.variables ?? {},
    operationName: request.operationName ?? undefined,
    validate: ({ complexity }, report) => {
      onCost?.(complexity);
      if (complexity > maxCost) {
        report(limitError('cost', `Operation cost ${complexity} exceeds the limit of ${maxCost}: ask for fewer results, smaller pages (first) or fewer nested lists.`));
      }
    },
  });
}

/** Parses with the token limit; a stack overflow on pathological nesting is a limit error, not a 500. */
export function parseWithLimits(source: string | { body: string }, maxTokens: number, options: object = {}) {
  try {
    return new MaxTokensParserWLexer(source as never, { ...options, n: maxTokens, onReject: [armorReject('tokens')] } as never).parseDocument();
  } catch (err) {
    if (err instanceof RangeError) throw limitError('depth', 'The document nests too deeply to parse.');
    throw err;
  }
}

// "Did you mean …?" in graphql-js messages (fields, arguments, types, enum values), as Armor's
// block-field-suggestions plugin matches them; applied per caller instead of to everyone.
const SUGGESTION = / ?Did you mean .+\?/g;
const HAS_SUGGESTION = /Did you mean .+\?/;

/**
 * The Yoga plugins enforcing `limits`. `hasValidToken` tells whether a request carries a valid
 * bearer token; it is asked only when an answer contains a suggestion.
 */
export function operationLimitPlugins(limits: OperationLimits, deps: { hasValidToken(request: Request): Promise<boolean> }): Plugin[] {
  const structure = structureRules(limits);
  const limitsPlugin: Plugin = {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parseWithLimits(source, limits.maxTokens, options));
    },
    onValidate({ addValidationRule, params, context }) {
      for (const rule of structure) addValidationRule(rule);
      // The cost needs the request's variables: checked once the document is otherwise valid
      // (so an unknown field is reported once, by graphql-js, with its usual message).
      return ({ valid, setResult }) => {
        if (!valid) return;
        const request = (context as { params?: { variables?: Record<string, unknown>; operationName?: string } }).params ?? {};
        try {
          const errors = validate(params.schema, params.documentAST, [costRule(limits.maxCost, request)]);
          if (errors.length) setResult([...errors]);
        } catch (err) {
          // An argument the cost needs could not be read (e.g. a bad variable): the request's fault.
          if (!(err instanceof GraphQLError)) throw err;
          setResult([new GraphQLError(err.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } })]);
        }
      };
    },
    onExecute({ args, setExecuteFn, executeFn }) {
      const controller = new AbortController();
      const timer = setTimeout(() => {
        controller.abort(
          new GraphQLError(`The operation did not finish within the ${limits.timeoutMs} ms execution timeout.`, {
            extensions: { code: 'OPERATION_TIMEOUT', http: { status: 503 } },
          }),
        );
      }, limits.timeoutMs);
      const signals = [controller.signal, (args as { signal?: AbortSignal }).signal].filter((s): s is AbortSignal => !!s);
      setExecuteFn((a) => executeFn({ ...a, signal: AbortSignal.any(signals) } as typeof a));
      return { onExecuteDone: () => clearTimeout(timer) };
    },
    async onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      const { errors } = result as ExecutionResult;
      for (const error of errors!) {
        // Yoga marks parse errors `spec: true` (200 for application/json, as GraphQL over HTTP
        // allows); a refused operation is a 400 (503 for a timeout) whatever the client accepts.
        const http = (error.extensions as { http?: { spec?: boolean } }).http;
        if (http && (error.extensions.code === 'OPERATION_LIMIT' || error.extensions.code === 'OPERATION_TIMEOUT')) http.spec = false;
      }
      if (!errors!.some((e) => HAS_SUGGESTION.test(e.message)) || (await deps.hasValidToken(request))) return;
      // New errors, not edited ones: Yoga caches validation results across requests and callers.
      const stripped = errors!.map((e) =>
        HAS_SUGGESTION.test(e.message)
          ? new GraphQLError(e.message.replace(SUGGESTION, ''), { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, originalError: e.originalError, extensions: e.extensions })
          : e,
      );
      setResult({ ...(result as ExecutionResult), errors: stripped });
    },
  };
  return [limitsPlugin];
}
