// Vite builds the UI into dist/ (served by `yigong serve --web-root web/dist`); Vitest runs the
// unit tests. `npm run dev` proxies /api to a running server (YIGONG_API_URL, default :8080).
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  define: {
    // vue-i18n: no legacy API, no devtools in production bundles.
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: {
      '/api': { target: process.env.YIGONG_API_URL ?? 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
  },
})
