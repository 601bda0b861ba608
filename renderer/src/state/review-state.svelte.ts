/**
 * The Review view's data: "same person?" questions, one at a time, answered yes or no, with undo. The queue is
 * refetched after every answer (an answer can merge people and so change the questions that follow).
 */
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';
import type { ReviewItemDto } from '../../../app/api/contract/people-contract.js';
import { messageOf } from '../lib/errors.js';
import { runAction } from '../lib/run-action.js';

export class ReviewState {
  items = $state<ReviewItemDto[]>([]);
  loaded = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  /** What the last answer or undo did, in words. */
  notice = $state<string | null>(null);
  answered = $state(0);
  readonly current = $derived(this.items[0]);
  /** The answer or undo in flight, so that an undo pressed meanwhile runs after it instead of being lost. */
  private inFlight: Promise<boolean> = Promise.resolve(true);

  constructor(private readonly client: KindredClient) {}

  connect(): () => void {
    void this.refresh();
    return this.client.on('people.changed', () => {
      if (!this.busy) void this.refresh();
    });
  }

  async refresh(): Promise<void> {
    try {
      this.items = await this.client.invoke('review.next', { limit: 20 });
      this.loaded = true;
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  async answer(same: boolean): Promise<void> {
    const item = this.current;
    if (!item || this.busy) return;
    await this.run(async () => {
      await this.client.invoke('review.answer', { question: item.question, same });
      this.answered++;
      this.notice = same ? 'Answered: same person' : 'Answered: different people';
    });
  }

  /**
   * Unlike a second answer (which would answer a question not yet seen), an undo pressed while busy waits its turn;
   * it is dropped if what it waited for failed, since it would then undo an older change than the one meant.
   */
  async undo(): Promise<void> {
    if (this.busy && !(await this.inFlight)) return;
    await this.run(async () => {
      const undone = await this.client.invoke('people.undo', {});
      this.notice = undone ? `Undid: ${undone.summary}` : 'Nothing to undo';
    });
  }

  /** Runs one answer or undo after the one in flight; resolves to whether it succeeded. */
  private run(work: () => Promise<void>): Promise<boolean> {
    this.inFlight = this.inFlight.then(() => runAction(this, work, () => this.refresh()));
    return this.inFlight;
  }
}
