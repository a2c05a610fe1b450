import type uPlot from 'uplot';

/**
 * Marks a drawn chart (`data-drawn`, which the browser test waits for) and keeps its width to its container's;
 * returns the clean-up for the drawing effect.
 */
export function mountPlot(plot: uPlot, el: HTMLElement, height: number): () => void {
  el.dataset.drawn = 'true';
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 320), height }));
  resize.observe(el);
  return () => {
    resize.disconnect();
    plot.destroy();
    delete el.dataset.drawn;
  };
}
