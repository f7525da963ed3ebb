/** A string rendered at synth time, like cdktf's `Lazy.stringValue` but without capturing a stack trace. */

import { IResolvable, IResolveContext, Token } from 'cdktf';

// Lazy.stringValue records a creation stack trace per value; with thousands of repositories that alone cost
// more than a third of synth time (bench/run.js). Our producers are pure renderers whose own errors name the
// construct path, so the stack adds nothing.
class Deferred implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly produce: () => string) {}

  public resolve(_context: IResolveContext): string {
    return this.produce();
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/** A string token whose value `produce` renders when the stack is synthesized. */
export function deferredString(produce: () => string): string {
  return Token.asString(new Deferred(produce));
}
