/** Catching the ValidationError a call must throw; free of cdktf so that core tests stay light. */

import { ValidationError } from '../../lib/core/errors';

/** Runs `fn` and returns the ValidationError it throws; fails when it throws nothing or something else. */
export function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError, none was thrown');
}

/** The message of the ValidationError `fn` throws. */
export function validationMessageOf(fn: () => unknown): string {
  return validationErrorOf(fn).message;
}
