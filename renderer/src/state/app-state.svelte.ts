/** The shared state instances, one per concern, wired to the renderer's client. */
import { client, desktop, transport } from '../api/client.js';
import { CullState } from './cull-state.svelte.js';
import { FolderBrowserState } from './folder-browser-state.svelte.js';
import { ConnectionState } from './connection-state.svelte.js';
import { LibraryState } from './library-state.svelte.js';
import { PeopleState } from './people-state.svelte.js';
import { PersonState } from './person-state.svelte.js';
import { PhotosState } from './photos-state.svelte.js';
import { ReviewState } from './review-state.svelte.js';
import { RouterState } from './router-state.svelte.js';
import { SearchState } from './search-state.svelte.js';
import { SettingsState } from './settings-state.svelte.js';
import { ThemeState } from './theme-state.svelte.js';

export const libraryState = new LibraryState(client, desktop);
export const folderBrowserState = new FolderBrowserState(client, (path) => libraryState.addFoldersAndScan([path]));
export const photosState = new PhotosState(client);
export const cullState = new CullState(client);
export const settingsState = new SettingsState(client);
export const peopleState = new PeopleState(client);
export const personState = new PersonState(client, () => peopleState.refresh());
export const reviewState = new ReviewState(client);
export const searchState = new SearchState(client);
export const themeState = new ThemeState();
export const routerState = new RouterState();
export const connectionState = new ConnectionState(transport, () => {
  void libraryState.refresh();
  void photosState.refresh();
  if (cullState.loaded) void cullState.load();
  void settingsState.load();
  void peopleState.refresh();
  void personState.load();
  void reviewState.refresh();
});
