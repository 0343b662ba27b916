/** The foi module's HTTP: pages (views/) and the JSON API (api.ts). */
import type { FastifyInstance } from 'fastify';
import type { FoiService } from './service.js';

export async function foiRoutes(app: FastifyInstance, deps: { foi: FoiService }) {
  void app;
  void deps;
}
