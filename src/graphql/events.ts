/** trackEvents: the GraphQL twin of POST /v1/events (same validation, idempotency and answer). */
import { builder } from './builder.js';
import { payload, payloadType } from './errors.js';

const EventInput = builder.inputType('EventInput', {
  description: 'One event, as in the POST /v1/events wire format.',
  fields: (t) => ({
    event: t.string({ description: 'Event name (1–200 characters); $flag_exposure marks an exposure.' }),
    featureName: t.string({ description: 'The flag (required for exposures); at most 200 characters.', required: false }),
    identifier: t.string({ description: 'Subject id; events without one never count in experiment results.', required: false }),
    value: t.field({
      type: 'JSON',
      required: false,
      description: 'Number or string: decimal strings such as "99.5" count as numbers for SUM/MEAN, other strings are kept as sent; the variant key for exposure events.',
    }),
    traits: t.field({ description: 'JSON object of subject traits (filters read traits.<key>); at most 64 KiB, 32 levels.', type: 'JSON', required: false }),
    metadata: t.field({ description: 'JSON object of event metadata (filters read metadata.<key>); at most 64 KiB, 32 levels.', type: 'JSON', required: false }),
    timestamp: t.float({
      required: false,
      description: 'Client time, epoch milliseconds, at most 24 h ahead of and 30 days behind receive time (configurable); receive time when absent.',
    }),
    eventId: t.string({ required: false, description: 'Idempotency key; derived from the event\'s content when absent.' }),
  }),
});

const TrackEventsInput = builder.inputType('TrackEventsInput', {
  description: 'A batch of events for one environment.',
  fields: (t) => ({ environmentKey: t.string({ description: 'Key of the environment.' }), events: t.field({ description: 'The events; at most LIFTGATE_MAX_EVENTS_PER_BATCH.', type: [EventInput] }) }),
});

const RejectedEvent = builder.objectRef<{ index: number; reason: string }>('RejectedEvent').implement({
  description: 'An event of the batch that was not stored, and why.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position in the submitted list.' }),
    reason: t.exposeString('reason', { description: 'Why it was rejected (field and rule).' }),
  }),
});

const TrackEventsPayload = payloadType('TrackEventsPayload', {
  accepted: { type: 'Int', nullable: false, description: 'Events stored by this call.' },
  duplicates: { type: 'Int', nullable: false, description: 'Events already stored under the same event id (not stored again).' },
  rejected: { type: [RejectedEvent], nullable: false, description: 'Invalid events, by position; the rest of the batch is stored.' },
});

builder.mutationField('trackEvents', (t) =>
  t.field({
    type: TrackEventsPayload,
    description:
      'Same semantics as POST /v1/events (per-event validation, idempotency, answered once stored). Callable with the environment key (X-Environment-Key) or an EDITOR token. Errors: NOT_FOUND, FORBIDDEN, VALIDATION (more events than the batch limit), WAREHOUSE_UNAVAILABLE; a spent rate limit is a top-level error with extensions.code RATE_LIMITED and retryAfterSeconds.',
    authScopes: { sdk: true },
    skipTypeScopes: true,
    args: { input: t.arg({ type: TrackEventsInput, description: 'What to do: see `TrackEventsInput`.' }) },
    resolve: async (_r, { input }, ctx) => {
      // GraphQL's camelCase fields → the wire format the ingestion schema validates.
      const events = input.events.map((e) => ({
        event: e.event,
        feature_name: e.featureName,
        identifier: e.identifier,
        value: e.value,
        traits: e.traits,
        metadata: e.metadata,
        timestamp: e.timestamp,
        event_id: e.eventId,
      }));
      // A spent rate limit is not a contract UserError: it propagates as a top-level RATE_LIMITED (app.ts).
      const result = await payload(async () => ({ ...(await ctx.services.ingestion.ingestAs(ctx.actor, input.environmentKey, events)) }));
      return { accepted: 0, duplicates: 0, rejected: [], ...result };
    },
  }),
);
