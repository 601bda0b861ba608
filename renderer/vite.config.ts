// Builds the renderer: `vite build renderer` (the root is this folder). Relative asset URLs let the same build run
// from the web host (http://127.0.0.1) and from Electron's kindred:// scheme.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    // The polyfill is inline-free but useless in Chromium; no inlined assets keeps img-src/font-src strict.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  // The renderer imports the contract from ../app/api.
  server: { fs: { allow: ['..'] } },
});
