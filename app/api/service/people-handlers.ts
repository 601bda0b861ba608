/**
 * Implements the people part of the contract over PeopleOperations (every change one undoable transaction), the
 * review queue and search by face. Every change emits `people.changed`; the core's refusals become typed errors.
 */
import type { Face } from '../../db/face-repository.js';
import { NameTakenError, type Person } from '../../db/people-repository.js';
import { PeopleOperations } from '../../people/people-operations.js';
import { refreshPeople } from '../../workflows/refresh-people.js';
import { answerReview, reviewQuestions } from '../../people/review-queue.js';
import { NoFaceFoundError, searchByFace, searchByStoredFace } from '../../workflows/search-by-face.js';
import { effectiveEmbedding } from '../../workflows/apply-head.js';
import type { EmbedderEntry } from '../../shared/model-manifest.js';
import { ApiError } from '../contract/api-error.js';
import { chosenEmbedder } from '../../settings/chosen-embedder.js';
import { readSettings } from '../../settings/settings-store.js';
import type { HandlersFor } from '../contract/contract-kit.js';
import { toFaceDto } from './face-dto.js';
import type { peopleMethods } from '../contract/people-contract.js';
import type { PersonDto } from '../contract/people-contract.js';
import type { ServiceContext } from './service-context.js';

export function peopleHandlers(ctx: ServiceContext): HandlersFor<typeof peopleMethods> {
  const ops = new PeopleOperations(ctx.library);
  const faces = ctx.library.faces;
  const toPersonDto = (p: Person): PersonDto => ({
    id: p.id,
    name: p.name,
    coverFaceId: p.coverFaceId,
    shownFaceId: p.coverFaceId ?? faces.bestOfPerson(p.id) ?? null,
    hidden: p.hidden,
    faceCount: p.faceCount,
    confirmedCount: p.confirmedCount,
    photoCount: p.photoCount,
  });
  const changed = (personIds: number[] | null) => ctx.events.emit('people.changed', { personIds });

  /** The embedder the user chose in the settings (what scans embed with). */
  const embedder = (): EmbedderEntry => chosenEmbedder(ctx.library);
  const person = (id: number): PersonDto => {
    const found = ops.people.get(id);
    if (!found) throw new ApiError('not_found', `No person with id ${id}`);
    return toPersonDto(found);
  };
  const requireFaces = (ids: number[]): Face[] =>
    ids.map((id) => {
      const face = faces.get(id);
      if (!face) throw new ApiError('not_found', `No face with id ${id}`);
      return face;
    });
  /** Runs an operation; what the core refuses (a taken name, a contradiction) is a conflict, not a crash. */
  const change = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof NameTakenError) throw new ApiError('conflict', error.message);
      if (error instanceof Error && /^No (person|face) with id/.test(error.message)) throw new ApiError('not_found', error.message);
      if (error instanceof Error) throw new ApiError('conflict', error.message);
      throw error;
    }
  };
  const personsOf = (faceList: Face[]) => [...new Set(faceList.map((f) => f.personId).filter((id): id is number => id !== null))];

  return {
    'people.list': ({ includeHidden }) => ops.people.list({ includeHidden }).map(toPersonDto),
    'people.get': ({ personId, offset, limit }) => {
      const found = person(personId);
      // Confirmed faces first (what the user vouched for), then the rest, each by photo.
      const all = faces.ofPerson(personId).sort((a, b) => rank(a) - rank(b) || a.photoId - b.photoId || a.id - b.id);
      return { person: found, faces: { total: all.length, offset, items: all.slice(offset, offset + limit).map(toFaceDto) } };
    },
    'people.name': ({ personId, name }) => {
      person(personId);
      const named = change(() => ops.name(personId, name));
      changed([personId]);
      return toPersonDto(named);
    },
    'people.merge': ({ sourceIds, targetId }) => {
      for (const id of [targetId, ...sourceIds]) person(id);
      if (sourceIds.every((id) => id === targetId)) throw new ApiError('invalid_input', 'Merging needs at least one other person than the target');
      const merged = change(() => ops.merge(sourceIds, targetId));
      changed([targetId, ...sourceIds]);
      return toPersonDto(merged);
    },
    'people.split': ({ faceIds }) => {
      const before = personsOf(requireFaces(faceIds));
      const groupId = change(() => ops.split(faceIds));
      changed([groupId, ...before]);
      return person(groupId);
    },
    'people.moveFaces': ({ faceIds, targetId }) => {
      person(targetId);
      const before = personsOf(requireFaces(faceIds));
      change(() => ops.moveFaces(faceIds, targetId));
      changed([targetId, ...before]);
      return person(targetId);
    },
    'people.removeFaces': ({ faceIds }) => {
      const assigned = requireFaces(faceIds).filter((f) => f.personId !== null);
      change(() => ops.removeFaces(faceIds));
      changed(personsOf(assigned));
      return { removed: assigned.length };
    },
    'people.hide': ({ personId, hidden }) => {
      person(personId);
      change(() => ops.setHidden(personId, hidden));
      changed([personId]);
      return person(personId);
    },
    'people.setCover': ({ personId, faceId }) => {
      person(personId);
      requireFaces([faceId]);
      change(() => ops.setCover(personId, faceId));
      changed([personId]);
      return person(personId);
    },
    'people.undo': () => {
      const undone = ops.undo();
      // An undo can touch any number of people: everyone refetches.
      if (undone) changed(null);
      return undone;
    },
    'people.history': ({ limit }) => ops.history(limit),
    'people.recluster': async () => {
      if (ctx.jobs.current()) throw new ApiError('busy', 'A scan is running: re-group people when it has finished');
      const summary = await refreshPeople(ctx.library, embedder(), { full: true });
      changed(null);
      return summary;
    },
    'review.next': ({ limit }) => {
      const effective = effectiveEmbedding(ctx.library, embedder());
      return reviewQuestions(ctx.library, effective.modelId, effective.thresholds.verify, limit).map((question) => ({
        question,
        people: (question.kind === 'face' ? [question.personId] : [question.personA, question.personB]).map(person),
      }));
    },
    'review.answer': ({ question, same }) => {
      if (question.kind === 'face') {
        requireFaces([question.faceId]);
        person(question.personId);
      } else {
        person(question.personA);
        person(question.personB);
      }
      change(() => answerReview(ops, question, same));
      changed(question.kind === 'face' ? [question.personId] : [question.personA, question.personB]);
      return null;
    },
    'search.byFace': async (input) => {
      try {
        if ('image' in input) {
          const entry = embedder();
          const pool = ctx.analysisPools.get(entry.id, readSettings(ctx.library).executionProvider);
          return await searchByFace(ctx.library, entry, Buffer.from(input.image, 'base64'), input.k, pool);
        }
        const [face] = requireFaces([input.faceId]);
        if (face!.photoId !== input.photoId) throw new ApiError('not_found', `Photo ${input.photoId} has no face ${input.faceId}`);
        return await searchByStoredFace(ctx.library, embedder(), input.faceId, input.k);
      } catch (error) {
        if (error instanceof NoFaceFoundError) throw new ApiError('not_found', error.message);
        throw error;
      }
    },
  };
}

function rank(face: Face): number {
  return face.assignment === 'confirmed' ? 0 : face.assignment === 'auto' ? 1 : 2;
}
