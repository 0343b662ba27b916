/**
 * Route schemas compiled when first needed instead of all at start. Fastify compiles every
 * route's validator (Ajv) and response serializer (fast-json-stringify) when the app becomes
 * ready: about a second of CPU for the portal's routes, a fifth of a restart (decision 0014).
 * These compilers are Fastify's own, with the same options; each route's compile is only deferred
 * to its first request — or to `compileDeferredSchemas()`, which `serve` runs in the background
 * once the portal is ready, so a schema that does not compile still shows up in the log at start.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type AnyFn = (...args: unknown[]) => unknown;

/** compiles not done yet, across every app of this process */
const pending = new Set<() => unknown>();

function deferred<T>(compile: () => T): () => T {
  let done: T | undefined;
  const get = () => {
    if (done === undefined) {
      pending.delete(get);
      done = compile();
    }
    return done;
  };
  pending.add(get);
  return get;
}

type Factory = (externalSchemas: unknown, options: unknown) => (route: unknown) => AnyFn;

/** The `schemaController` option for Fastify: its default compilers, each route compiled on first use. */
export function lazySchemaController(): NonNullable<FastifyServerOptions['schemaController']> {
  const validators = AjvCompiler() as unknown as Factory;
  const serializers = SerializerSelector() as unknown as Factory;
  const buildValidator: Factory = (externalSchemas, options) => {
    const compile = validators(externalSchemas, options);
    return (route) => {
      const get = deferred(() => compile(route) as AnyFn & { errors?: unknown; schemaEnv?: unknown });
      const validate = (...args: unknown[]) => get()(...args);
      // Fastify reads the errors of a failed validation, and hands Ajv the parent object (so it can
      // coerce a root value) when the function has a schemaEnv: both answer as the compiled one would
      Object.defineProperty(validate, 'errors', { get: () => get().errors });
      Object.defineProperty(validate, 'schemaEnv', { get: () => get().schemaEnv });
      return validate;
    };
  };
  const buildSerializer: Factory = (externalSchemas, options) => {
    const compile = serializers(externalSchemas, options);
    return (route) => {
      const get = deferred(() => compile(route));
      return (...args: unknown[]) => get()(...args);
    };
  };
  return { compilersFactory: { buildValidator, buildSerializer } } as NonNullable<FastifyServerOptions['schemaController']>;
}

/**
 * Compile every route schema not compiled yet, one at a time between requests; resolves when
 * done. A schema that cannot be compiled is reported the way Fastify would have at start.
 */
export async function compileDeferredSchemas(): Promise<void> {
  // one at a time (a few milliseconds each), requests served in between
  for (const get of pending) {
    get();
    await new Promise((resolve) => setImmediate(resolve));
  }
}
