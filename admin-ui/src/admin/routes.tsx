// Routes of the admin area (replaced as the area is built).
import { Route } from 'react-router';

export function adminRoutes() {
  return <Route path="/__admin" element={null} />;
}
