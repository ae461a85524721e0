// Stand-in for the 'electron' package under Vitest. Core code must never import
// Electron; if something does, the test fails here instead of downloading a binary.
throw new Error("'electron' was imported in a test: only main/electron/** and preload/index.ts may import it");
