// The browser host listens, prints its URL and serves the page before core has loaded the
// course (parsing the lessons is most of a cold start): calls that arrive meanwhile wait
// for core here, in order, and then run as they would have. A core that fails to start
// fails them with its error (the CLI exits then too).
import { type Api, OPERATIONS, type ViewerApi } from '../../common/api';

export function deferredViewerApi(ready: Promise<ViewerApi>): ViewerApi {
  // Rejections are handled per call; this keeps a failed start from also being "unhandled".
  ready.catch(() => {});
  return {
    forViewer(viewer) {
      const api = ready.then((core) => core.forViewer(viewer));
      api.catch(() => {});
      const deferred: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
      for (const name of OPERATIONS) {
        deferred[name] = async (...args) => {
          const real = await api;
          return (real[name] as (...a: unknown[]) => Promise<unknown>).apply(real, args);
        };
      }
      return deferred as unknown as Api;
    },
    viewerGone(viewer) {
      void ready.then((core) => core.viewerGone(viewer), () => {});
    },
  };
}
