import * as E from 'fp-ts/lib/Either.js';
import type { AppendError, EventStore, ExpectedRevision, RecordedEvent, StreamWrite, World } from '../domain/index.js';
import { applySpeculatively, asRecorded, nextRevision, speculativeWorld } from '../domain/index.js';

/** How a decided command's append went: its events' positions, or why it must be decided again. */
export type ChainOutcome =
  | {
      readonly ok: true;
      /** Its own events' positions; with none, `last` is the position of the events it was decided after. */
      readonly first: number;
      readonly last: number;
    }
  | {
      readonly ok: false;
      readonly refusal: AppendError;
      /** Whether its own append was the one refused (else it was decided after it). */
      readonly refused: boolean;
      /** Resolves when the command decided before it in the chain has been decided again. */
      readonly turn: Promise<void>;
      /** To call once it has been decided again: the next one's turn. */
      readonly done: () => void;
    };

interface Member {
  /** What it appends (no part: nothing, its answer only waits for the ones before it). */
  readonly parts: readonly StreamWrite[];
  /** Its events as the world will fold them, in JSON: parsed afresh for each speculative world, which keeps what it folds. */
  readonly recorded: string;
  readonly count: number;
  /** Each written stream's revision after its events: the member is folded once the world has them all. */
  readonly ends: readonly (readonly [string, number])[];
  readonly undecided: () => void;
  readonly settle: (outcome: ChainOutcome) => void;
  answered: boolean;
}

/**
 * One append for several members: they combine while each writes the same one stream (and checks
 * others at the same revisions), so the log holds their events in the order they were decided. A
 * member that writes several streams goes alone.
 */
class CombinedAppend {
  readonly members: Member[] = [];
  private written: { stream: string; expected: ExpectedRevision; events: StreamWrite['events'][number][] } | undefined;
  private readonly checks = new Map<string, ExpectedRevision>();

  take(member: Member): boolean {
    const writes = member.parts.filter((part) => part.events.length > 0);
    const alone = this.members.length === 1 && this.members[0].parts.filter((part) => part.events.length > 0).length > 1;
    if (alone || (writes.length > 1 && this.members.length > 0)) return false;
    this.members.push(member);
    if (writes.length > 1) return true;
    const [write] = writes;
    if (write && this.written && (write.stream !== this.written.stream || nextRevision(write.expected) !== nextRevision(this.written.expected) + this.written.events.length)) {
      this.members.pop();
      return false;
    }
    for (const part of member.parts) {
      const seen = this.checks.get(part.stream);
      const clash = part.events.length === 0 ? (seen !== undefined && seen !== part.expected) || part.stream === this.written?.stream : seen !== undefined;
      if (clash) {
        this.members.pop();
        return false;
      }
    }
    for (const part of member.parts) if (part.events.length === 0) this.checks.set(part.stream, part.expected);
    if (write) (this.written ??= { stream: write.stream, expected: write.expected, events: [] }).events.push(...write.events);
    return true;
  }

  get parts(): readonly StreamWrite[] {
    if (this.members.length === 1) return this.members[0].parts;
    return [...(this.written ? [this.written] : []), ...[...this.checks].map(([stream, expected]) => ({ stream, expected, events: [] }))];
  }

  get count(): number {
    return this.members.reduce((sum, member) => sum + member.count, 0);
  }
}

/**
 * Commands decided one after another in a lane while their appends are on their way to disk. Each
 * is decided against the world plus the events of the ones before it (a speculative world). Their
 * appends go in order, one at a time per chain: the ones decided while an append is in flight wait
 * for its answer and then go together, as one append when they write the same stream. So a
 * refusal refuses all the commands decided on what it refused: no later append can hold on a
 * revision that a refused one only pretended to reach (another node's writes could bring the
 * stream to that very revision). A refused append drops itself and everything decided after it;
 * those commands are decided again, one after another, by their callers.
 */
export class DecisionChain {
  /** Members whose events the world may not have folded yet, in the order they were decided. */
  private members: Member[] = [];
  private readonly waiting: Member[] = [];
  private inFlight = false;
  private flushing = false;
  private broken = false;
  private view: { world: World; at: number } | undefined;
  /** Position of the last event the chain appended (the world's position when it began). */
  private lastPosition: number;

  constructor(
    private readonly world: World,
    private readonly store: EventStore,
    /** Resolves once the world has folded up to a position. */
    private readonly folded: (position: number) => Promise<unknown>,
  ) {
    this.lastPosition = world.position;
  }

  /**
   * The world plus the events of the chain's commands that it has not folded yet. Valid until the
   * fold moves on, then made again: an event folded since may have changed what it copied.
   */
  speculativeWorld(): World {
    if (this.view && this.view.at === this.world.position) return this.view.world;
    const unfolded = this.members.map((member) => this.unfolded(member));
    this.members = this.members.filter((member, i) => !member.answered || unfolded[i].length > 0);
    this.view = undefined;
    // Nothing on its way to disk: the folded world itself (deciders only read it).
    if (unfolded.every((events) => events.length === 0)) return this.world;
    const world = speculativeWorld(this.world);
    for (const events of unfolded) applySpeculatively(world, events);
    this.view = { world, at: this.world.position };
    return world;
  }

  /** A member's events that the world has not folded yet, known by their streams' revisions. */
  private unfolded(member: Member): RecordedEvent[] {
    if (member.ends.every(([stream, revision]) => (this.world.streamRevisions.get(stream) ?? -1) >= revision)) return [];
    const events = JSON.parse(member.recorded) as RecordedEvent[];
    return events.filter((event) => (this.world.streamRevisions.get(event.stream) ?? -1) < event.revision);
  }

  /** A command decided against `speculativeWorld()`: its append goes once the ones before it are answered. */
  join(parts: readonly StreamWrite[], undecided: () => void): Promise<ChainOutcome> {
    if (this.broken) throw new Error('a command joined a dropped decision chain');
    const recorded = asRecorded(parts, this.world.position);
    const text = JSON.stringify(recorded);
    return new Promise<ChainOutcome>((settle) => {
      const ends = parts.filter((part) => part.events.length > 0).map((part) => [part.stream, nextRevision(part.expected) + part.events.length - 1] as const);
      const member: Member = { parts, recorded: text, count: recorded.length, ends, undecided, settle, answered: false };
      this.members.push(member);
      this.waiting.push(member);
      if (this.view?.at === this.world.position) applySpeculatively(this.view.world, JSON.parse(text) as RecordedEvent[]);
      this.flushSoon();
    });
  }

  private flushSoon(): void {
    if (this.flushing || this.inFlight) return;
    this.flushing = true;
    // A microtask later, so commands decided in the same tick share the first append.
    queueMicrotask(() => {
      this.flushing = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (!this.inFlight && !this.broken && this.waiting.length > 0) {
      const append = new CombinedAppend();
      while (this.waiting.length > 0 && append.take(this.waiting[0])) this.waiting.shift();
      if (append.count === 0) {
        for (const member of append.members) this.answer(member, { ok: true, first: this.lastPosition + 1, last: this.lastPosition });
        continue;
      }
      this.inFlight = true;
      // A rejection is a caller's bug in one of them: each is decided again alone, and it fails alone.
      const result = await this.store.appendToStreams(append.parts).catch(() => undefined);
      this.inFlight = false;
      if (result === undefined || E.isLeft(result)) {
        this.drop(append.members, result?.left);
        return;
      }
      let position = result.right.firstPosition - 1;
      this.lastPosition = result.right.lastPosition;
      for (const member of append.members) {
        const last = append.members.length === 1 ? result.right.lastPosition : position + member.count;
        this.answer(member, { ok: true, first: position + 1, last });
        position = last;
      }
    }
  }

  private answer(member: Member, outcome: ChainOutcome): void {
    member.answered = true;
    member.settle(outcome);
  }

  /**
   * A refused append: it and everything decided after it are dropped at once (so nothing joins
   * them meanwhile) and decided again one after another, once what the chain appended before is
   * folded. A command whose own events the store found unavailable is answered so; the others are
   * decided again.
   */
  private drop(refused: readonly Member[], refusal: AppendError | undefined): void {
    this.broken = true;
    const dropped = [...refused, ...this.waiting.splice(0)];
    this.members = [];
    for (const member of dropped) member.undecided();
    let turn: Promise<void> = this.folded(this.lastPosition).then(() => undefined);
    const why: AppendError = refusal ?? { _tag: 'StoreUnavailable', reason: 'an append of this lane was rejected' };
    for (const member of dropped) {
      let done!: () => void;
      const next = new Promise<void>((resolve) => (done = resolve));
      this.answer(member, { ok: false, refusal: why, refused: refusal !== undefined && member.count > 0 && refused.includes(member), turn, done });
      turn = next;
    }
  }
}
