// What a page shows while its data loads or after loading failed.
import { useMessages } from '../shell/i18n';
import { adminMessages } from './messages';
import type { Loaded } from './use-load';

export function LoadState({ loaded, reload }: { loaded: Loaded<unknown>; reload: () => void }) {
  const t = useMessages(adminMessages).common;
  if (loaded.state === 'loading') return <p role="status">{t.loading}</p>;
  if (loaded.state === 'failed') {
    return (
      <div role="alert" className="admin-notice admin-notice--error">
        <p>
          {t.loadFailed}: {loaded.error.message}
        </p>
        <button type="button" className="button button--quiet" onClick={reload}>
          {t.retry}
        </button>
      </div>
    );
  }
  return null;
}
