// The one ApiClient, handed to components by context (set up in main.tsx).
import { createContext, useContext } from 'react';
import type { ApiClient } from '../../common/api';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}
