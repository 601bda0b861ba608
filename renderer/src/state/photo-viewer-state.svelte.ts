/**
 * The photo viewer's data: the open photo with its faces and the people they belong to, the face whose form is
 * open, naming, correcting or removing a face, and marking one the detector missed by dragging a box over it.
 * Follows `people.changed` while a photo is open; only the newest reload is ever shown.
 */
import type { FaceDto } from '../../../app/api/contract/common-types.js';
import type { PhotoDetailDto } from '../../../app/api/contract/photos-contract.js';
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';
import type { PersonDto } from '../../../app/api/contract/people-contract.js';
import { messageOf } from '../lib/errors.js';
import { boxFromCorners, type Box, type Point } from '../lib/zoom-geometry.js';

/** Smallest box the core accepts, in photo pixels. */
export const MIN_BOX_PX = 8;

export class PhotoViewerState {
  photoId = $state<number | null>(null);
  photo = $state<PhotoDetailDto | null>(null);
  people = $state<PersonDto[]>([]);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  busy = $state(false);
  /** The face whose form is open. */
  editing = $state<number | null>(null);
  /** The name typed in the form. */
  name = $state('');
  /** "Not a face" was pressed once; the second press removes the box. */
  confirmingRemoval = $state(false);
  /** Magnification over the fitted size. */
  zoom = $state(1);
  /** Marking a missed face: whether a box is being drawn, and the drag in progress, in photo pixels. */
  marking = $state(false);
  drag = $state<{ from: Point; to: Point } | null>(null);

  // Rebuilt whenever the people change and never mutated, so a plain Map is reactive enough.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly byId: ReadonlyMap<number, PersonDto> = $derived(new Map(this.people.map((p) => [p.id, p])));
  /** Every name, for the form's suggestions. */
  readonly names = $derived(this.people.flatMap((p) => (p.name === null ? [] : [p.name])));
  readonly editedFace = $derived(this.photo?.faces.find((f) => f.id === this.editing) ?? null);
  readonly dragBox = $derived(this.drag && boxFromCorners(this.drag.from, this.drag.to));

  /** Bumped by every load, so that only the newest reply is shown (an older one may arrive after it). */
  private generation = 0;

  constructor(private readonly client: KindredClient) {}

  /** Shows a photo from scratch and follows changes to its people; returns the function that stops following. */
  open(photoId: number): () => void {
    this.photoId = photoId;
    this.photo = null;
    this.error = null;
    this.editing = null;
    this.marking = false;
    this.drag = null;
    this.notice = null;
    this.zoom = 1;
    void this.fetch(photoId);
    return this.client.on('people.changed', () => void this.fetch(photoId));
  }

  /** Reloads the open photo and the people. */
  async load(): Promise<void> {
    if (this.photoId !== null) await this.fetch(this.photoId);
  }

  labelOf(face: FaceDto): string {
    if (face.personId === null) return 'Unknown';
    return this.byId.get(face.personId)?.name ?? 'Unnamed group';
  }

  /** Opens the form of a face (closes it if it is the open one), filled with its person's name. */
  edit(face: FaceDto): void {
    this.editing = this.editing === face.id ? null : face.id;
    this.confirmingRemoval = false;
    this.name = this.nameOf(face);
    this.error = null;
  }

  closeForm(): void {
    this.editing = null;
  }

  /** Escape closes the open form, or else stops marking; false when there was neither (the viewer then closes). */
  escape(): boolean {
    if (this.editing !== null) this.editing = null;
    else if (this.marking) {
      this.marking = false;
      this.drag = null;
    } else return false;
    return true;
  }

  /** An existing person's name moves the face to them; a new name becomes a new person holding only this face. */
  async saveName(): Promise<void> {
    const face = this.editedFace;
    const wanted = this.name.trim();
    if (!face || !wanted) return;
    const existing = this.people.find((p) => p.name !== null && p.name.toLowerCase() === wanted.toLowerCase());
    if (existing && existing.id === face.personId) return void (this.editing = null);
    await this.change(async () => {
      if (existing) return this.client.invoke('people.moveFaces', { faceIds: [face.id], targetId: existing.id });
      const split = await this.client.invoke('people.split', { faceIds: [face.id] });
      return this.client.invoke('people.name', { personId: split.id, name: wanted });
    });
  }

  async notThisPerson(face: FaceDto): Promise<void> {
    await this.change(() => this.client.invoke('people.removeFaces', { faceIds: [face.id] }));
  }

  /** Deletes a box that is not a face; asked twice, since it cannot be undone. */
  async notAFace(face: FaceDto): Promise<void> {
    if (!this.confirmingRemoval) return void (this.confirmingRemoval = true);
    await this.change(async () => {
      await this.client.invoke('photos.removeFace', { faceId: face.id });
      this.notice = 'Face box removed.';
    });
  }

  toggleMarking(): void {
    this.marking = !this.marking;
    this.drag = null;
    this.editing = null;
    this.notice = null;
  }

  startDrag(at: Point): void {
    this.drag = { from: at, to: at };
  }

  moveDrag(to: Point): void {
    if (this.drag) this.drag = { ...this.drag, to };
  }

  cancelDrag(): void {
    this.drag = null;
  }

  /** The box drawn goes to the core, which looks for the face inside it; its form opens to name it. */
  async endDrag(): Promise<void> {
    const box = this.dragBox;
    this.drag = null;
    if (box) await this.markFace(box);
  }

  /** Adds a face over a box in photo pixels (too small a box is refused with a hint). */
  async markFace(box: Box): Promise<void> {
    if (!this.photo) return;
    if (box.width < MIN_BOX_PX || box.height < MIN_BOX_PX) return void (this.notice = 'Drag a larger box, over the whole face.');
    const id = this.photo.id;
    await this.change(async () => {
      const added = await this.client.invoke('photos.addFace', { photoId: id, box });
      if (id !== this.photoId) return; // the user has moved on to another photo
      this.marking = false;
      this.notice = added.found ? null : "No face could be found in that box. It is kept so that you can name it, but it won't help recognise anyone.";
      // The form opens on the new face as soon as a reload shows it (whichever reload lands last).
      this.editing = added.face.id;
      this.name = this.nameOf(added.face);
      this.confirmingRemoval = false;
    }, false);
  }

  private nameOf(face: FaceDto): string {
    return face.personId === null ? '' : (this.byId.get(face.personId)?.name ?? '');
  }

  private async fetch(id: number): Promise<void> {
    const mine = ++this.generation;
    try {
      const [photo, people] = await Promise.all([this.client.invoke('photos.get', { photoId: id }), this.client.invoke('people.list', { includeHidden: true })]);
      if (mine !== this.generation) return;
      this.photo = photo;
      this.people = people;
      if (this.editing !== null && !photo.faces.some((f) => f.id === this.editing)) this.editing = null;
    } catch (error) {
      if (mine === this.generation) this.error = messageOf(error);
    }
  }

  /** Runs a change of the photo's faces, then reloads them; `closeForm` false leaves the form to the change. */
  private async change(work: () => Promise<unknown>, closeForm = true): Promise<void> {
    const id = this.photoId;
    this.busy = true;
    this.error = null;
    try {
      await work();
      if (closeForm && id === this.photoId) this.editing = null;
    } catch (error) {
      if (id === this.photoId) this.error = messageOf(error); // not on another photo the user has moved to meanwhile
    } finally {
      this.busy = false;
      await this.load();
    }
  }
}
