/* global window, document, requestAnimationFrame */
// Measurements run inside the page by test/bench/gallery-browser.ts (evaluated over CDP, so the page's
// CSP does not apply). Plain browser JavaScript: the bench's TypeScript compiles as Node code.
(() => {
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

  window.__galleryProbes = {
    longTasks: () => longTasks.slice(),

    /** Opens the Gallery; resolves with the ms until every thumbnail on the first screen has its pixels. */
    async firstScreen() {
      const button = [...document.querySelectorAll('nav button')].find((b) => b.textContent.includes('Gallery'));
      const started = performance.now();
      button.click();
      for (;;) {
        await frame();
        const grid = document.querySelector('.photo-grid');
        if (!grid) continue;
        const bounds = grid.getBoundingClientRect();
        const visible = [...grid.querySelectorAll('.tile__image')].filter((img) => {
          const r = img.getBoundingClientRect();
          return r.bottom > bounds.top && r.top < bounds.bottom;
        });
        if (visible.length > 0 && visible.every((img) => img.complete && img.naturalWidth > 0)) return performance.now() - started;
      }
    },

    /** Scrolls two screens a frame to the very end (waiting at the end of what is loaded for the next page). */
    async fastScroll() {
      const grid = document.querySelector('.photo-grid');
      const rows = new Map();
      let maxNodes = 0;
      let idleFrames = 0;
      const started = performance.now();
      while (idleFrames < 120) {
        const top = grid.scrollTop;
        grid.scrollTop = top + grid.clientHeight * 2;
        await frame();
        maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
        // Rows say which photos they hold (a row flung past shows only its shape, with no tiles).
        for (const row of grid.querySelectorAll('.photo-grid__row')) rows.set(row.dataset.start, Number(row.dataset.count));
        idleFrames = grid.scrollTop === top ? idleFrames + 1 : 0;
      }
      let photos = 0;
      for (const count of rows.values()) photos += count;
      return { maxNodes, seconds: (performance.now() - started) / 1000, tiles: photos };
    },
  };
})();
