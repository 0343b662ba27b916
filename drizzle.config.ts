import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/schema.ts', './src/db/schema-letters.ts', './src/db/schema-journeys.ts'],
  out: './src/db/migrations',
});
