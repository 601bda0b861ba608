/**
 * The Person view's data: one person (or group) and all their faces, the faces selected, and what can be done with
 * them (split off, move, remove, set cover) and with the person (rename, hide). Follows `people.changed`.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { FaceDto } from '../../../app/api/contract/common-types.js';
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';
import type { PersonDto } from '../../../app/api/contract/people-contract.js';
import { messageOf } from '../lib/errors.js';
import { runAction } from '../lib/run-action.js';

const PAGE = 2000;

export class PersonState {
  personId = $state<number | null>(null);
  person = $state<PersonDto | null>(null);
  faces = $state<FaceDto[]>([]);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  busy = $state(false);
  readonly selected = new SvelteSet<number>();
  private generation = 0;

  /** `refreshPeople` refetches the People list (its cards and the move targets), for the changes made here. */
  constructor(
    private readonly client: KindredClient,
    private readonly refreshPeople: () => Promise<void>,
  ) {}

  connect(): () => void {
    return this.client.on('people.changed', (change) => {
      if (this.personId !== null && (change.personIds === null || change.personIds.includes(this.personId))) void this.load();
    });
  }

  open(personId: number): void {
    if (personId === this.personId) return;
    this.personId = personId;
    this.person = null;
    this.faces = [];
    this.selected.clear();
    this.error = null;
    this.notice = null;
    void this.load();
  }

  async load(): Promise<void> {
    const id = this.personId;
    if (id === null) return;
    const generation = ++this.generation;
    try {
      const first = await this.client.invoke('people.get', { personId: id, offset: 0, limit: PAGE });
      const faces = [...first.faces.items];
      while (faces.length < first.faces.total) {
        const next = await this.client.invoke('people.get', { personId: id, offset: faces.length, limit: PAGE });
        if (next.faces.items.length === 0) break;
        faces.push(...next.faces.items);
      }
      if (generation !== this.generation) return;
      this.person = first.person;
      this.faces = faces;
      for (const f of [...this.selected]) if (!faces.some((face) => face.id === f)) this.selected.delete(f);
    } catch (error) {
      if (generation === this.generation) this.error = messageOf(error);
    }
  }

  toggle(faceId: number): void {
    if (this.selected.has(faceId)) this.selected.delete(faceId);
    else this.selected.add(faceId);
  }

  async rename(name: string): Promise<boolean> {
    const id = this.personId;
    return id !== null && this.run(() => this.client.invoke('people.name', { personId: id, name }), 'Renamed');
  }

  async setHidden(hidden: boolean): Promise<void> {
    const id = this.personId;
    if (id !== null) await this.run(() => this.client.invoke('people.hide', { personId: id, hidden }), hidden ? 'Hidden from People' : 'Shown in People');
  }

  /** Splits the selected faces off into a new group; returns its id. */
  async splitSelected(): Promise<number | null> {
    let groupId: number | null = null;
    const faceIds = [...this.selected];
    await this.run(async () => (groupId = (await this.client.invoke('people.split', { faceIds })).id), `Split ${faceIds.length} face(s) into a new group`);
    return groupId;
  }

  async moveSelected(targetId: number): Promise<void> {
    const faceIds = [...this.selected];
    await this.run(() => this.client.invoke('people.moveFaces', { faceIds, targetId }), `Moved ${faceIds.length} face(s)`);
  }

  async removeSelected(): Promise<void> {
    const faceIds = [...this.selected];
    await this.run(() => this.client.invoke('people.removeFaces', { faceIds }), `Removed ${faceIds.length} face(s)`);
  }

  async coverSelected(): Promise<void> {
    const id = this.personId;
    const [faceId] = [...this.selected];
    if (id !== null && faceId !== undefined && this.selected.size === 1) {
      await this.run(() => this.client.invoke('people.setCover', { personId: id, faceId }), 'Cover chosen');
    }
  }

  /**
   * Runs a change; busy until this view and the People list both show it, and only then says it is done: the People
   * cards met after that never include a group the change emptied, nor miss one it made.
   */
  private async run(work: () => Promise<unknown>, notice: string): Promise<boolean> {
    this.notice = null;
    const done = await runAction(
      this,
      async () => {
        await work();
        this.selected.clear();
      },
      () => this.refetchAll(),
    );
    if (done) this.notice = notice;
    return done;
  }

  private async refetchAll(): Promise<void> {
    await Promise.all([this.load(), this.refreshPeople()]);
  }
}
