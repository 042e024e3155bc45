// Reading the `acceptEmptyBuildId` option of contract 3.0.0, the one way
// for parsing and for validation.
import {
  _describeValue,
  _unreadableMessage,
} from "../contract/_field_issue.ts";

/**
 * The `acceptEmptyBuildId` option of `options`, checked; `false` when
 * `options` is `undefined`. `action` starts the error messages.
 *
 * @throws {TypeError} When `options` is not an object, the option is not a
 * boolean, or reading it throws.
 */
export function _acceptEmptyBuildId(options: unknown, action: string): boolean {
  if (options === undefined) return false;
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${action}: the options must be an object: received ${
        _describeValue(options)
      }`,
    );
  }
  let accept: unknown;
  try {
    accept = (options as { acceptEmptyBuildId?: unknown }).acceptEmptyBuildId;
  } catch (error) {
    throw new TypeError(
      `${action}: option "acceptEmptyBuildId" ${_unreadableMessage(error)}`,
    );
  }
  if (accept !== undefined && typeof accept !== "boolean") {
    throw new TypeError(
      `${action}: option "acceptEmptyBuildId" must be a boolean: received ${
        _describeValue(accept)
      }`,
    );
  }
  return accept === true;
}
