// Routes of the admin area: users (administrators), the organisation (everyone reads), API tokens.
import { Navigate, Route } from 'react-router';
import { OrganisationPage } from './organisation-page';
import { TokensPage } from './tokens-page';
import { UsersPage } from './users-page';

export function adminRoutes() {
  return (
    <Route path="/admin">
      <Route index element={<Navigate to="/admin/tokens" replace />} />
      <Route path="users" element={<UsersPage />} />
      <Route path="organisation" element={<OrganisationPage />} />
      <Route path="tokens" element={<TokensPage />} />
    </Route>
  );
}
