// Routes of the workspace area (replaced as the area is built).
import { Route } from 'react-router';

export function workspaceRoutes() {
  return <Route path="/__workspace" element={null} />;
}
