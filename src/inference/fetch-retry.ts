// Static model files are fetched by several workers at once; Chromium's HTTP cache then sometimes fails
// one of the identical downloads mid-body (net::ERR_CACHE_WRITE_FAILURE, surfacing as "Failed to fetch").
// Such network-level failures are transient, so the request and the body read are retried together;
// HTTP errors are answers and are passed to `read` like any response.
export async function fetchRetrying<T>(url: string, read: (res: Response) => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    let res: Response;
    try {
      res = await fetch(url);
      return await read(res);
    } catch (e) {
      if (!(e instanceof TypeError) || i >= tries) throw e instanceof TypeError ? new Error(`could not fetch ${url}: ${e.message}`) : e;
      await new Promise((r) => setTimeout(r, 100 * i));
    }
  }
}
