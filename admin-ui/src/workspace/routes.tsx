// Routes of the workspace area: the inbox, starting records, record lists and the record page.
import { Route } from 'react-router';
import { InboxPage } from './inbox-page';
import { RecordPage } from './record-page';
import { RecordsPage } from './records-page';
import { NewRecordPage, StartPage } from './start-page';

export function workspaceRoutes() {
  return (
    <>
      <Route index element={<InboxPage />} />
      <Route path="/start" element={<StartPage />} />
      <Route path="/start/:procedure" element={<NewRecordPage />} />
      <Route path="/records" element={<RecordsPage />} />
      <Route path="/records/:id" element={<RecordPage />} />
    </>
  );
}
