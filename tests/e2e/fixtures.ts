// Every e2e test records every request and console message: a request to any host but 127.0.0.1
// fails the test (the app must never phone out), and so does a console error unless the test expects it.
import { test as base, expect } from '@playwright/test';

export interface Watch {
  requests: string[];
  consoleErrors: string[];
  /** Console errors matching this are expected by the test (e.g. an invalid SMILES on purpose). */
  allowConsole: RegExp[];
}

export const test = base.extend<{ watch: Watch }>({
  watch: [
    async ({ context }, use) => {
      const watch: Watch = { requests: [], consoleErrors: [], allowConsole: [] };
      context.on('request', (r) => watch.requests.push(r.url()));
      context.on('console', (m) => {
        if (m.type() === 'error') watch.consoleErrors.push(m.text());
      });
      context.on('weberror', (e) => watch.consoleErrors.push(`uncaught: ${e.error().message}`));
      await use(watch);
      const outside = watch.requests.filter((u) => {
        const { protocol, hostname } = new URL(u);
        return !['data:', 'blob:'].includes(protocol) && hostname !== '127.0.0.1';
      });
      expect(outside, 'requests that left 127.0.0.1').toEqual([]);
      const unexpected = watch.consoleErrors.filter((t) => !watch.allowConsole.some((re) => re.test(t)));
      expect(unexpected, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
