// Reading a boolean option, the one way for parsing and for validation:
// `acceptEmptyBuildId` and `cutoverGate` of contract 3.0.0.
import { describeValue, unreadableMessage } from "./field_issue.ts";

/**
 * The boolean option `name` of `options`, checked; `undefined` when
 * `options` is `undefined` or the option is absent. `action` starts the
 * error messages.
 *
 * @throws {TypeError} When `options` is not an object, the option is not a
 * boolean, or reading it throws.
 */
export function booleanOption(
  options: unknown,
  name: string,
  action: string,
): boolean | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${action}: the options must be an object: received ${
        describeValue(options)
      }`,
    );
  }
  let value: unknown;
  try {
    value = (options as Record<string, unknown>)[name];
  } catch (error) {
    throw new TypeError(
      `${action}: option "${name}" ${unreadableMessage(error)}`,
    );
  }
  if (value !== undefined && typeof value !== "boolean") {
    throw new TypeError(
      `${action}: option "${name}" must be a boolean: received ${
        describeValue(value)
      }`,
    );
  }
  return value;
}
