// The server's form state for the draft a form holds (`formState`), asked again as the user types:
// at once for the first answer, then once the typing pauses. A newer draft cancels the request
// of an older one, so an answer never arrives out of date.
import { useEffect, useRef, useState } from 'react';
import { ApiError, gql } from '../../api/graphql';
import { useLanguage } from '../../shell/i18n';
import { FORM_STATE, type FormState } from '../queries';
import { canonical } from './form-model';

/** How long typing must pause before the server is asked again. */
export const FORM_STATE_DEBOUNCE_MS = 250;

export interface FormStateAnswer {
  readonly state: FormState | undefined;
  readonly error: ApiError | undefined;
}

export function useFormState(procedure: string, recordId: string | undefined, draft: Record<string, unknown>): FormStateAnswer {
  const { language } = useLanguage();
  const [answer, setAnswer] = useState<FormStateAnswer>({ state: undefined, error: undefined });
  const key = canonical(draft);
  const answered = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    const ask = async () => {
      try {
        const result = await gql<{ formState: FormState }>(FORM_STATE, { procedure, recordId, data: JSON.parse(key) as unknown }, controller.signal);
        if (controller.signal.aborted) return;
        answered.current = true;
        setAnswer({ state: result.formState, error: undefined });
      } catch (e) {
        if (controller.signal.aborted) return;
        // The last answer stays on screen: a failed update of it is shown, not a blank form.
        setAnswer((previous) => ({ state: previous.state, error: e instanceof ApiError ? e : new ApiError([{ message: String(e), code: 'INTERNAL', extensions: {} }]) }));
      }
    };
    const timer = setTimeout(() => void ask(), answered.current ? FORM_STATE_DEBOUNCE_MS : 0);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // The language is a dependency: field errors come back in the language of the request.
  }, [procedure, recordId, key, language]);

  return answer;
}
