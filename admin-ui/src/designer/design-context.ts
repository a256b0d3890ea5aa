// What every editor of the designer reads besides its own part: the organisation (for choosing
// roles, departments, linked procedures) and the whole definition (fields, stages, gates).
import { createContext, useContext } from 'react';
import type { ProcedureDef } from './definition';
import type { Organisation } from './designer-api';

export interface DesignContextValue {
  readonly organisation: Organisation;
  readonly definition: ProcedureDef;
}

export const DesignContext = createContext<DesignContextValue | null>(null);

export function useDesign(): DesignContextValue {
  const value = useContext(DesignContext);
  if (!value) throw new Error('useDesign() outside the designer.');
  return value;
}
