// Routes of the designer area (replaced as the area is built).
import { Route } from 'react-router';

export function designerRoutes() {
  return <Route path="/__designer" element={null} />;
}
