import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Vite build of the console; `/api` is proxied to a local `qiao serve` during `npm run dev`. */
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': process.env.QIAO_URL ?? 'http://127.0.0.1:8080' } },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 2000,
  },
  test: { include: ['src/**/*.test.ts'] },
} as never);
