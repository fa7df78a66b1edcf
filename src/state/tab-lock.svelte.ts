// One writer at a time: the first Lodestone tab holds a Web Lock for as long as it is open and may write; a
// later tab opens read-only (so it never marks the first tab's live run interrupted, nor writes beside it) and
// takes over, by itself, when the first one closes. Browsers without Web Locks get a writer in every tab, as before.
const NAME = 'lodestone:writer';

export const READ_ONLY_REASON = 'Lodestone is open in another tab of this browser, so this tab only reads; close the other tab (this one then takes over) or use it there.';

export class TabLock {
  /** This tab may write. */
  writer = $state(false);

  /**
   * Whether this tab writes now. If not, `onGranted` runs when the tab that does closes and this one takes over.
   */
  async acquire(onGranted: () => void): Promise<boolean> {
    const locks = globalThis.navigator?.locks;
    if (!locks) return (this.writer = true);
    const now = await new Promise<boolean>((resolve) => {
      void locks.request(NAME, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        return lock ? new Promise<void>(() => {}) : undefined; // held for the tab's life
      });
    });
    if (now) return (this.writer = true);
    void locks.request(NAME, () => {
      this.writer = true;
      onGranted();
      return new Promise<void>(() => {});
    });
    return false;
  }
}
