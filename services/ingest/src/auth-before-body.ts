/**
 * Authentication before the body: routes declare their role check as a preHandler (where fastify
 * would run it after reading, parsing and validating the body); this onRoute hook moves every check
 * made by `Authenticator.require` to the route's onRequest hooks. An unauthenticated 60 MB upload is
 * then refused from its headers, its body never read, and a schema error is only ever shown to a
 * caller who may use the route.
 *
 * Must be added before the routes are registered (onRoute sees only later routes).
 */
import type { onRequestHookHandler, preHandlerHookHandler, RouteOptions } from 'fastify';
import { isAuthCheck } from './auth.js';

type Hooks<T> = T | T[] | undefined;

function asList<T>(hooks: Hooks<T>): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}

export function moveAuthToOnRequest(route: RouteOptions): void {
  const preHandlers = asList(route.preHandler as Hooks<preHandlerHookHandler>);
  const checks = preHandlers.filter(isAuthCheck);
  if (checks.length === 0) return;
  const rest = preHandlers.filter((hook) => !isAuthCheck(hook));
  if (rest.length === 0) delete route.preHandler;
  else route.preHandler = rest;
  route.onRequest = [...asList(route.onRequest as Hooks<onRequestHookHandler>), ...(checks as unknown as onRequestHookHandler[])];
}
