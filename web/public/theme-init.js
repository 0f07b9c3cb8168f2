// Applies the light or dark theme before the first paint, so a dark page never flashes white.
// A separate file, not an inline script: the Content-Security-Policy allows scripts from the
// app's own origin only. src/lib/theme.ts keeps the theme in step afterwards (same storage key).
;(function () {
  var dark = false
  try {
    var preference = localStorage.getItem('ccp-theme')
    dark = preference === 'dark' || (preference !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches)
  } catch (e) {
    dark = false
  }
  document.documentElement.classList.toggle('dark', dark)
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light'
})()
