// Starts the app: learn who is signed in, then mount (so the router guard knows).
import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { loadSession } from './session'
import './styles.css'

document.documentElement.lang = i18n.global.locale.value

loadSession().finally(() => {
  createApp(App).use(i18n).use(router).mount('#app')
})
