// Browser APIs jsdom lacks and Scenes needs at import/render time (as metrics-drilldown's setup).
class ObserverStub {
  constructor(callback) {
    this.callback = callback;
  }
  observe(target) {
    // Report everything as visible so lazy-loaded panels render.
    if (this.callback) {
      this.callback([{ isIntersecting: true, target, contentRect: { width: 800, height: 400 } }], this);
    }
  }
  unobserve() {}
  disconnect() {}
}
global.IntersectionObserver = ObserverStub;
global.ResizeObserver = ObserverStub;
