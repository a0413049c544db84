/**
 * Signing in: the API key lives in sessionStorage (gone when the tab closes), and `/v1/me` says
 * which routes it may call. Views ask `can('POST /v1/tasks/:task/deploy')` and offer only that.
 */
const STORAGE = 'graft.key';

export interface Me {
  key: { id: string; scope: 'predict' | 'train' | 'admin'; tasks: string[] | null } | null;
  keysRequired: boolean;
  routes: string[];
}

let current: Me | null = null;

/** The signed-in caller (set by the sign-in screen). */
export function setMe(m: Me | null): void {
  current = m;
}

export function getMe(): Me | null {
  return current;
}

export function getKey(): string | null {
  return sessionStorage.getItem(STORAGE);
}

export function setKey(key: string | null): void {
  if (key) sessionStorage.setItem(STORAGE, key);
  else sessionStorage.removeItem(STORAGE);
}

/** Whether the signed-in key may call `route` (`METHOD /path` with `:params`, as /v1/me lists them). */
export function can(route: string): boolean {
  return current?.routes.includes(route) ?? false;
}
