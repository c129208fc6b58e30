/** Checks on untrusted text (no domain knowledge). */

/** C0 controls, DEL and C1 controls: never meaningful in a name, key or identifier (NUL breaks key encodings). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, except tab, line feed and carriage return, which free text may carry. */
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** A description of what hasControlCharacter refuses, for error messages. */
export const CONTROL_CHARACTERS = 'control characters (U+0000-U+001F, U+007F-U+009F)';

/** Whether `s` holds a control character (C0, DEL or C1). */
export function hasControlCharacter(s: string): boolean {
  return CONTROL.test(s);
}

/** Whether `s` holds a control character other than tab, line feed or carriage return. */
export function hasControlCharacterInText(s: string): boolean {
  return CONTROL_EXCEPT_WHITESPACE.test(s);
}
