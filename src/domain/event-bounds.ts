/** Longest event name, feature name and event id of an event; experiments and metrics name events within it so they can always match. */
export const MAX_EVENT_NAME_LENGTH = 200;

/**
 * Bounds on the JSON objects an event carries (`traits`, `metadata`), shared by ingestion and by
 * assignSubject, whose traits travel on the exposure event it records: checked before anything
 * is placed or stored, so that event is never refused afterwards.
 */

/**
 * Deepest nesting, the object itself being level 1. Deeper input would only reach a recursive
 * serialiser's stack limit (5,000 levels failed a whole batch); real traits are flat or a few
 * levels deep.
 */
export const MAX_JSON_DEPTH = 32;

/** Largest object, in bytes of its JSON text. */
export const MAX_JSON_BYTES = 64 * 1024;
