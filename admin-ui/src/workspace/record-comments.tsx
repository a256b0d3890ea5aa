// A record's comments, and a form to add one.
import { useState, type FormEvent } from 'react';
import { useLanguage, useMessages } from '../shell/i18n';
import { workspaceMessages } from './messages';
import type { CommentEntry } from './queries';

export function CommentsPanel(props: { comments: readonly CommentEntry[]; onAdd(body: string): Promise<boolean> }) {
  const t = useMessages(workspaceMessages);
  const { formatDateTime } = useLanguage();
  const [body, setBody] = useState('');
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') {
      setEmpty(true);
      return;
    }
    setBusy(true);
    if (await props.onAdd(body.trim())) setBody('');
    setBusy(false);
  };
  return (
    <section aria-labelledby="comments-title" className="card ws-panel ws-panel--comments">
      <h2 id="comments-title">{t.record.comments}</h2>
      {props.comments.length === 0 ? (
        <p className="muted">{t.record.noComments}</p>
      ) : (
        <ul className="ws-comments">
          {props.comments.map((c) => (
            <li key={c.id} className="ws-comment">
              <p className="ws-comment__head">
                <strong>{c.author?.displayName ?? '—'}</strong>{' '}
                <time className="muted" dateTime={c.createdAt}>
                  {formatDateTime(c.createdAt)}
                </time>
              </p>
              <p className="ws-comment__body">{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="ws-comment-form">
        <label className="field">
          <span>{t.record.newComment}</span>
          <textarea
            rows={3}
            value={body}
            aria-invalid={empty}
            onChange={(e) => {
              setBody(e.target.value);
              setEmpty(false);
            }}
          />
        </label>
        {empty && (
          <p role="alert" className="error">
            {t.record.commentEmpty}
          </p>
        )}
        <button type="submit" className="button button--quiet" disabled={busy}>
          {t.record.addComment}
        </button>
      </form>
    </section>
  );
}
